import Foundation

/// The type of a collection field, as declared in site.yml.
public indirect enum FieldType: Sendable {
    case string, text, number, integer, bool, date
    case enumeration([String])
    case list(FieldSpec)
    case reference(String)
    case references(String)
    case object([FieldSpec])
    /// A career-path diagram whose steps name entries of these collections.
    case flow([String])

    /// The names accepted for `type:`.
    public static let names = [
        "string", "text", "number", "integer", "bool", "date", "enum", "list", "reference", "references",
        "object", "flow",
    ]
}

/// One field of a collection's schema.
public struct FieldSpec: Sendable {
    /// The key in front matter.
    public var name: String
    /// Human name, used as a row header in comparisons.
    public var label: String
    /// What values are accepted.
    public var type: FieldType
    /// Whether an entry must set it.
    public var required: Bool
    /// The value used when an entry does not set it.
    public var defaultValue: YAMLNode?
    /// A sentence shown in diagnostics about this field.
    public var help: String?
    /// Whether generated side-by-side pages show this field.
    public var compare: Bool
    /// Where it was declared.
    public var location: SourceLocation

    /// The default label for a key: `success-metrics` becomes "Success metrics".
    public static func label(for name: String) -> String {
        let spaced = name.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        return spaced.prefix(1).uppercased() + spaced.dropFirst()
    }
}

/// A typed collection: the pages in one folder, each checked against a schema.
public struct CollectionSpec: Sendable {
    /// The collection's name, used by references (`to: roles`).
    public var name: String
    /// The folder under Content/ that holds its entries.
    public var folder: String
    /// Human name, e.g. "Roles".
    public var title: String
    /// The template its entries render with.
    public var layout: String
    /// Its fields, in declared order.
    public var fields: [FieldSpec]
    /// Fields whose declaration was reported wrong: entries may use them unchecked, so one
    /// mistake in site.yml is not reported again at every entry.
    public var unreadableFields: Set<String> = []
    /// Whether to generate a side-by-side page for each pair of entries.
    public var comparePairs: Bool
    /// Where it was declared.
    public var location: SourceLocation

    /// The field with this name.
    public func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
}
