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
    /// The address the site is served from (`base_url:`), absolute and ending in `/`. Only
    /// sitemap.xml, the feed and each page's canonical link use it; every other URL stays relative.
    public var baseURL: String?
    /// What robots.txt tells crawlers (`robots:`); by default, to stay out.
    public var robots: RobotsPolicy = .disallow
    /// Where a source file is edited (`edit_url:`), ending in `/`; joined with the file's path
    /// from the repository's root for "Edit this page".
    public var editURL: String?

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
        let known = [
            "title", "description", "theme", "language", "page_fields", "collections", "keep", "markdown", "base_url", "robots",
            "edit_url",
        ]
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
                case "base_url": config.baseURL = try value.expectWebAddress(key, example: "https://handbook.example.com/")
                case "edit_url":
                    config.editURL = try value.expectWebAddress(key, example: "https://github.com/org/repo/edit/main/")
                case "robots": config.robots = try RobotsPolicy.parse(value)
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

/// What robots.txt says (`robots:` in site.yml).
public enum RobotsPolicy: Sendable, Equatable {
    /// `User-agent: *` and `Disallow: /`: an internal handbook is not for search engines.
    case disallow
    /// `User-agent: *` and `Allow: /`, with the sitemap when `base_url` is set.
    case allow
    /// A robots.txt written out in site.yml, used as it is.
    case verbatim(String)

    /// Reads `robots:`: `allow`, `disallow`, or a block of lines (`robots: |`).
    static func parse(_ node: YAMLNode) throws(Diagnostic) -> RobotsPolicy {
        let text = try node.expectString("robots")
        switch text {
        case "allow": return .allow
        case "disallow": return .disallow
        default:
            guard text.contains("\n") else {
                throw .error(
                    node.location, "'robots' must be allow, disallow, or the lines of a robots.txt, found '\(text)'",
                    hint: "write `robots: allow` to let search engines in, or `robots: |` followed by the file's lines")
            }
            return .verbatim(text.hasSuffix("\n") ? text : text + "\n")
        }
    }
}

extension YAMLNode {
    /// An absolute http(s) address, normalised to end with `/` so paths can be appended.
    func expectWebAddress(_ key: String, example: String) throws(Diagnostic) -> String {
        let text = try expectString(key).trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil, !text.contains(" ")
        else {
            throw .error(
                location, "'\(key)' must be an absolute http(s) address, found '\(text)'",
                hint: "write it with its scheme and host, such as `\(key): \(example)`")
        }
        return text.hasSuffix("/") ? text : text + "/"
    }
}
