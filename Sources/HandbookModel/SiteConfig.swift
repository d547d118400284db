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
    /// Paths in the output folder that are the user's (`keep:`, e.g. `CNAME`): every build
    /// carries them over untouched, as it does dotfiles at the output's top.
    public var keep: [KeptPath]
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
        self.keep = []
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
            return (
                config,
                [
                    .error(
                        location, "site.yml must be a mapping with at least `title:`",
                        hint: "start it with a line such as `title: Our handbook`")
                ]
            )
        }
        let known = ["title", "description", "theme", "language", "page_fields", "collections", "keep", "markdown"]
        var sawTitle = false
        for (keyNode, value) in pairs {
            let key = keyNode.scalar ?? ""
            do throws(Diagnostic) {
                switch key {
                case "title":
                    sawTitle = true
                    config.title = try value.expectString(key)
                case "description": config.description = try value.expectString(key)
                case "theme":
                    let name = try value.expectString(key)
                    // The theme is read from Themes/NAME: a path there would read files from anywhere.
                    guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/"), !name.contains("\\") else {
                        throw .error(
                            value.location, "theme '\(name)' is not the name of a folder in Themes/",
                            hint: "write the folder's name alone, e.g. theme: custom for Themes/custom/")
                    }
                    config.theme = name
                case "language": config.language = try value.expectString(key)
                case "page_fields":
                    config.pageFields = SchemaParser.fields(value, context: "page_fields", diagnostics: &diagnostics)
                case "collections":
                    config.collections = SchemaParser.collections(value, diagnostics: &diagnostics)
                case "keep":
                    config.keep = try KeptPath.parse(value, diagnostics: &diagnostics)
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

/// One `keep:` entry of site.yml: a path inside the output folder that belongs to the user.
public struct KeptPath: Sendable, Hashable {
    /// Relative to the output folder, `/`-separated, without `.` or `..` parts.
    public var path: String
    /// Where site.yml names it.
    public var location: SourceLocation

    /// Reads `keep:`, a list of relative paths; each bad entry is reported on its own line.
    static func parse(_ node: YAMLNode, diagnostics: inout [Diagnostic]) throws(Diagnostic) -> [KeptPath] {
        guard let items = node.sequence else {
            throw .error(node.location, "`keep:` must be a list of paths in the output folder", hint: "write `keep: [CNAME]`")
        }
        var result: [KeptPath] = []
        for item in items {
            guard let text = item.scalar, !text.isEmpty else {
                diagnostics.append(.error(item.location, "a `keep:` entry must be a path", hint: "write a path such as `CNAME`"))
                continue
            }
            let parts = text.split(separator: "/", omittingEmptySubsequences: true)
            guard !text.hasPrefix("/"), !parts.isEmpty, !parts.contains(where: { $0 == "." || $0 == ".." }) else {
                diagnostics.append(
                    .error(
                        item.location, "`keep:` entry '\(text)' must be a path inside the output folder",
                        hint: "write it relative to the output folder, without `..` or a leading `/`"))
                continue
            }
            result.append(KeptPath(path: parts.joined(separator: "/"), location: item.location))
        }
        return result
    }
}
