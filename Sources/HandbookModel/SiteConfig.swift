import Foundation

/// The site configuration, `Content/site.yml`.
public struct SiteConfig: Sendable {
    /// The site's name, shown in the header and in every page title.
    public var title: String
    /// A sentence about the site, for the home page's description.
    public var description: String?
    /// A theme under Themes/ that overrides the default one file by file.
    public var theme: String?
    /// The language of the pages (`lang` attribute).
    public var language: String
    /// Typed fields any page may have.
    public var pageFields: [FieldSpec]
    /// Typed collections, in declared order.
    public var collections: [CollectionSpec]
    /// `markdown:` settings: how raw HTML is treated.
    public var markdown = MarkdownConfig()

    /// A config for a site that has no site.yml.
    public init(title: String = "Handbook") {
        self.title = title
        self.description = nil
        self.theme = nil
        self.language = "en"
        self.pageFields = []
        self.collections = []
    }

    /// The collection with this name.
    public func collection(named name: String) -> CollectionSpec? { collections.first { $0.name == name } }

    /// Parses and checks site.yml; every problem is reported.
    public static func parse(_ text: String, file: String) -> (SiteConfig, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var config = SiteConfig()
        let root: YAMLNode?
        do {
            root = try YAMLNode.parse(text, file: file)
        } catch {
            return (config, [error])
        }
        guard let root, let pairs = root.mapping else {
            let location = root?.location ?? SourceLocation(file: file, line: 1, column: 1)
            return (config, [.error(location, "site.yml must be a mapping with at least `title:`")])
        }
        let known = ["title", "description", "theme", "language", "page_fields", "collections", "markdown"]
        var sawTitle = false
        for (keyNode, value) in pairs {
            let key = keyNode.scalar ?? ""
            do throws(Diagnostic) {
                switch key {
                case "title":
                    config.title = try value.expectString(key)
                    sawTitle = true
                case "description": config.description = try value.expectString(key)
                case "theme": config.theme = try value.expectString(key)
                case "language": config.language = try value.expectString(key)
                case "page_fields":
                    config.pageFields = SchemaParser.fields(value, context: "page_fields", diagnostics: &diagnostics)
                case "collections":
                    config.collections = SchemaParser.collections(value, diagnostics: &diagnostics)
                case "markdown": config.markdown = MarkdownConfig.parse(value, diagnostics: &diagnostics)
                default:
                    throw .error(
                        keyNode.location, "unknown key '\(key)' in site.yml",
                        hint: Suggestions.hint(known: "keys", known, for: key))
                }
            } catch {
                diagnostics.append(error)
            }
        }
        if !sawTitle {
            diagnostics.append(.error(root.location, "site.yml has no 'title'", hint: "add `title: Your handbook`"))
        }
        diagnostics += SchemaParser.checkReferences(config)
        return (config, diagnostics)
    }
}
