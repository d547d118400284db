import Foundation
import Yams

/// A YAML value with the file position of every node, so any diagnostic about front matter
/// or site.yml can name the file's real line and column.
public struct YAMLNode: Sendable {
    /// The shape of a node.
    public enum Kind: Sendable {
        /// A scalar with its text and whether it was written plain (unquoted).
        case scalar(String, plain: Bool)
        case sequence([YAMLNode])
        /// Keys in the order written.
        case mapping([(key: YAMLNode, value: YAMLNode)])
    }

    /// What the node holds.
    public var kind: Kind
    /// Where the node starts in its file.
    public var location: SourceLocation

    /// Creates a node.
    public init(_ kind: Kind, at location: SourceLocation) {
        self.kind = kind
        self.location = location
    }

    /// The scalar's text, if this is a scalar.
    public var scalar: String? {
        if case .scalar(let text, _) = kind { return text }
        return nil
    }

    /// The items, if this is a sequence.
    public var sequence: [YAMLNode]? {
        if case .sequence(let items) = kind { return items }
        return nil
    }

    /// The pairs, if this is a mapping.
    public var mapping: [(key: YAMLNode, value: YAMLNode)]? {
        if case .mapping(let pairs) = kind { return pairs }
        return nil
    }

    /// Whether this is `null`, `~` or empty, written plain.
    public var isNull: Bool {
        if case .scalar(let text, plain: true) = kind { return ["", "~", "null", "Null", "NULL"].contains(text) }
        return false
    }

    /// A plain `true`/`false` (YAML 1.2 core schema spellings).
    public var bool: Bool? {
        guard case .scalar(let text, plain: true) = kind else { return nil }
        switch text {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// A plain integer.
    public var int: Int? {
        guard case .scalar(let text, plain: true) = kind else { return nil }
        return Int(text.replacingOccurrences(of: "_", with: ""))
    }

    /// A plain number, integer or decimal.
    public var number: Double? {
        guard case .scalar(let text, plain: true) = kind, let first = text.first,
            first.isNumber || first == "-" || first == "+" || first == "."
        else { return nil }
        return Double(text.replacingOccurrences(of: "_", with: ""))
    }

    /// A short name for the kind of value, for "expected X, found Y" messages.
    public var kindName: String {
        switch kind {
        case .scalar(let text, let plain):
            if !plain { return "the string \"\(text)\"" }
            if isNull { return "an empty value" }
            if bool != nil { return "the boolean \(text)" }
            if number != nil { return "the number \(text)" }
            return "the string \"\(text)\""
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// The value for a key of a mapping.
    public subscript(key: String) -> YAMLNode? {
        mapping?.first { $0.key.scalar == key }?.value
    }
}

extension YAMLNode {
    /// Parses YAML text that starts at `firstLine` of `file`; nil for an empty document.
    public static func parse(_ text: String, file: String, firstLine: Int = 1) throws(Diagnostic) -> YAMLNode? {
        let node: Node?
        do {
            // Scalars stay untyped here (YAMLNode types them where a field's type is known), so
            // the basic resolver spares the regular expressions the default one runs on every
            // scalar, keys included. The default encoding reads the environment on every call.
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch let error as YamlError {
            throw diagnostic(for: error, text: text, file: file, firstLine: firstLine).named(.yaml)
        } catch {
            throw .error(SourceLocation(file: file, line: firstLine, column: 1), "invalid YAML: \(error)", check: .yaml)
        }
        return node.map { convert($0, file: file, firstLine: firstLine) }
    }

    private static func convert(_ node: Node, file: String, firstLine: Int) -> YAMLNode {
        let mark = node.mark
        let location = SourceLocation(
            file: file, line: (mark?.line ?? 1) + firstLine - 1, column: mark?.column ?? 1)
        switch node {
        case .scalar(let scalar):
            return YAMLNode(.scalar(scalar.string, plain: scalar.style == .plain), at: location)
        case .sequence(let sequence):
            return YAMLNode(.sequence(sequence.map { convert($0, file: file, firstLine: firstLine) }), at: location)
        case .mapping(let mapping):
            let pairs = mapping.map {
                (
                    key: convert($0.key, file: file, firstLine: firstLine),
                    value: convert($0.value, file: file, firstLine: firstLine)
                )
            }
            return YAMLNode(.mapping(pairs), at: location)
        case .alias:
            return YAMLNode(.scalar("", plain: true), at: location)
        }
    }

    private static func diagnostic(for error: YamlError, text: String, file: String, firstLine: Int) -> Diagnostic {
        func at(_ mark: Mark) -> SourceLocation {
            SourceLocation(file: file, line: mark.line + firstLine - 1, column: mark.column)
        }
        switch error {
        case .scanner(let context, let problem, let mark, _),
            .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line + firstLine - 1))" }
            var hint = "check the indentation and quoting on this line"
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            if problem.contains("tab") || (mark.line >= 1 && mark.line <= lines.count && lines[mark.line - 1].contains("\t")) {
                hint = "indent YAML with spaces, not tabs"
            }
            if problem.contains("mapping values are not allowed") {
                hint = "a value containing ': ' must be quoted, e.g. title: \"A: B\""
            }
            return .error(at(mark), message, hint: hint)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .error(
                at(context.mark), "duplicate key '\(duplicates.joined(separator: "', '"))'",
                hint: "each key may appear once; remove or rename the repeated one")
        case .reader(let problem, _, _, _):
            return .error(
                SourceLocation(file: file, line: firstLine, column: 1), "invalid YAML: \(problem)",
                hint: "the file must be UTF-8 text")
        default:
            return .error(SourceLocation(file: file, line: firstLine, column: 1), "invalid YAML: \(error)")
        }
    }
}
