/// A comparison table a page asks for: entries of one collection, compared on some fields.
public struct ComparisonSpec: Sendable {
    /// The table's caption, also its heading.
    public var caption: String
    /// The collection whose entries are compared.
    public var collection: Located<String>
    /// Entry ids, one column each.
    public var entries: [Located<String>]
    /// Field names, one row each.
    public var aspects: [Located<String>]
    /// Whether an entry without a value is shown as a blank cell instead of an error.
    public var allowBlanks: Bool
    /// Where the comparison was written.
    public var location: SourceLocation
}

/// The typed keys of a page's front matter, and every other key with its position.
public struct FrontMatter: Sendable {
    public var title: String?
    public var summary: String?
    public var weight: Int = 0
    public var draft = false
    public var tags: [String] = []
    public var layout: String?
    /// Where `layout:` was written, for the error when the theme has no such template.
    public var layoutLocation: SourceLocation?
    public var aliases: [Located<String>] = []
    public var toc = true
    public var date: String?
    /// When the page last changed (`YYYY-MM-DD`); without it, the date of its last Git commit.
    public var updated: String?
    /// Who owns the page (a person or team); without it, the site's CODEOWNERS rule.
    public var owners: [String] = []
    public var compare: [ComparisonSpec] = []
    /// Keys that are not typed here: collection fields, page fields and template extras.
    public var fields: [(key: Located<String>, value: YAMLNode)] = []

    /// The typed keys, for "did you mean" on near-misses.
    public static let knownKeys = [
        "title", "summary", "weight", "draft", "tags", "layout", "aliases", "toc", "date", "compare", "updated",
        "owner",
    ]

    /// Empty front matter.
    public init() {}

    /// Decodes a parsed front matter mapping; every problem is reported, not just the first.
    public static func decode(_ node: YAMLNode?, file: String, diagnostics: inout [Diagnostic]) -> FrontMatter {
        var result = FrontMatter()
        guard let node, !node.isNull else { return result }
        guard let pairs = node.mapping else {
            diagnostics.append(
                .error(
                    node.location, "front matter must be a mapping of keys to values, found \(node.kindName)",
                    hint: "write one `key: value` per line between the --- lines", check: .yaml))
            return result
        }
        for (keyNode, value) in pairs {
            let key = keyNode.scalar ?? ""
            do throws(Diagnostic) {
                switch key {
                case "title": result.title = try value.expectString(key)
                case "summary": result.summary = try value.expectString(key)
                case "weight": result.weight = try value.expectInt(key)
                case "draft": result.draft = try value.expectBool(key)
                case "tags": result.tags = try value.expectStringList(key).map(\.value)
                case "layout":
                    result.layout = try value.expectString(key)
                    result.layoutLocation = value.location
                case "aliases": result.aliases = try value.expectStringList(key)
                case "toc": result.toc = try value.expectBool(key)
                case "date": result.date = try value.expectDate(key)
                case "updated": result.updated = try value.expectDate(key)
                case "owner": result.owners = try value.expectStringList(key).map(\.value)
                case "compare": result.compare = try decodeComparisons(value, diagnostics: &diagnostics)
                default: result.fields.append((Located(key, at: keyNode.location), value))
                }
            } catch {
                diagnostics.append(error.named(.frontMatter))
            }
        }
        return result
    }

    private static func decodeComparisons(_ node: YAMLNode, diagnostics: inout [Diagnostic]) throws(Diagnostic) -> [ComparisonSpec] {
        let items: [YAMLNode]
        if node.mapping != nil {
            items = [node]
        } else if let list = node.sequence {
            items = list
        } else {
            throw .error(
                node.location, "'compare' must be a list of comparisons, found \(node.kindName)",
                hint: "each comparison has caption, collection, entries and aspects")
        }
        var specs: [ComparisonSpec] = []
        for item in items {
            do throws(Diagnostic) {
                specs.append(try decodeComparison(item))
            } catch {
                diagnostics.append(error.named(.frontMatter))
            }
        }
        return specs
    }

    private static func decodeComparison(_ node: YAMLNode) throws(Diagnostic) -> ComparisonSpec {
        let pairs = try node.expectMapping("compare")
        let allowed = ["caption", "collection", "entries", "aspects", "allow_blanks"]
        for (key, _) in pairs where !allowed.contains(key.scalar ?? "") {
            let name = key.scalar ?? ""
            throw .error(
                key.location, "unknown key '\(name)' in a comparison",
                hint: Suggestions.hint(known: "keys", allowed, for: name))
        }
        func required(_ key: String) throws(Diagnostic) -> YAMLNode {
            guard let value = node[key] else {
                throw .error(
                    node.location, "comparison is missing '\(key)'",
                    hint: "a comparison needs caption, collection, entries and aspects")
            }
            return value
        }
        let collectionNode = try required("collection")
        let entries = try required("entries").expectStringList("entries")
        let aspects = try required("aspects").expectStringList("aspects")
        return ComparisonSpec(
            caption: try required("caption").expectString("caption"),
            collection: Located(try collectionNode.expectString("collection"), at: collectionNode.location),
            entries: entries, aspects: aspects,
            allowBlanks: try node["allow_blanks"]?.expectBool("allow_blanks") ?? false,
            location: node.location)
    }
}
