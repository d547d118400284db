import Foundation

/// The site configuration, `Content/site.yml`.
public struct SiteConfig: Sendable {
    /// The site's name, shown in the header and in every page title.
    public var title: String
    /// A sentence about the site, for the home page's description.
    public var description: String?
    /// A theme under Themes/ that overrides the default one file by file.
    public var theme: String?
    /// Where `theme:` is written, for the error when Themes/ has no such folder.
    public var themeLocation: SourceLocation?
    /// The language of the pages (`lang` attribute).
    public var language: String
    /// Typed fields any page may have.
    public var pageFields: [FieldSpec]
    /// Page fields whose declaration was reported wrong, used unchecked.
    public var unreadablePageFields: Set<String> = []
    /// Typed collections, in declared order.
    public var collections: [CollectionSpec]
    /// Paths in the output folder that are the user's (`keep:`, e.g. `CNAME`): every build
    /// carries them over untouched, as it does dotfiles at the output's top.
    public var keep: [KeptPath]
    /// Levels of configurable checks (`checks: { broken-anchor: warning }`), by check name.
    public var checks: [String: CheckLevel]
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
        self.checks = [:]
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
                        hint: "start it with a line such as `title: Our handbook`", check: .siteConfig)
                ]
            )
        }
        let known = [
            "title", "description", "theme", "language", "page_fields", "collections", "keep", "markdown", "base_url", "robots",
            "edit_url", "checks",
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
                            hint: "write the folder's name alone, e.g. theme: custom for Themes/custom/", check: .siteConfig)
                    }
                    config.theme = name
                    config.themeLocation = value.location
                case "language": config.language = try value.expectString(key)
                case "page_fields":
                    var problems: [Diagnostic] = []
                    config.pageFields = SchemaParser.fields(
                        value, context: "page_fields", diagnostics: &problems, unreadable: &config.unreadablePageFields)
                    diagnostics += problems.map { $0.named(.schema) }
                case "collections":
                    var problems: [Diagnostic] = []
                    config.collections = SchemaParser.collections(value, diagnostics: &problems)
                    diagnostics += problems.map { $0.named(.schema) }
                case "keep":
                    config.keep = try KeptPath.parse(value, diagnostics: &diagnostics)
                case "checks":
                    config.checks = try parseChecks(value, diagnostics: &diagnostics)
                case "markdown":
                    var problems: [Diagnostic] = []
                    config.markdown = MarkdownConfig.parse(value, diagnostics: &problems)
                    diagnostics += problems.map { $0.named(.siteConfig) }
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
                diagnostics.append(error.named(.siteConfig))
            }
        }
        if !sawTitle {
            diagnostics.append(.error(root.location, "site.yml has no 'title'", hint: "add `title: Your handbook`", check: .siteConfig))
        }
        diagnostics += SchemaParser.checkReferences(config).map { $0.named(.schema) }
        config.setAsideFieldsWithUnknownTargets()
        return (config, diagnostics)
    }
}

extension SiteConfig {
    /// Fields that refer to a collection that does not exist (reported once by
    /// `checkReferences`) are used unchecked rather than failing at every entry.
    mutating func setAsideFieldsWithUnknownTargets() {
        let names = Set(collections.map(\.name))
        func targetsExist(_ spec: FieldSpec) -> Bool {
            switch spec.type {
            case .reference(let to), .references(let to): return names.contains(to)
            case .flow(let to): return to.allSatisfy(names.contains)
            case .list(let item): return targetsExist(item)
            case .object(let fields): return fields.allSatisfy(targetsExist)
            default: return true
            }
        }
        for index in collections.indices {
            let bad = collections[index].fields.filter { !targetsExist($0) }
            collections[index].unreadableFields.formUnion(bad.map(\.name))
            collections[index].fields.removeAll { !targetsExist($0) }
        }
        unreadablePageFields.formUnion(pageFields.filter { !targetsExist($0) }.map(\.name))
        pageFields.removeAll { !targetsExist($0) }
    }

    /// Reads `checks:`, a mapping of check names to levels; each bad entry is reported on its
    /// own line, and the good ones still apply.
    static func parseChecks(_ node: YAMLNode, diagnostics: inout [Diagnostic]) throws(Diagnostic) -> [String: CheckLevel] {
        guard let pairs = node.mapping else {
            throw .error(
                node.location, "`checks:` must be a mapping of check names to levels, found \(node.kindName)",
                hint: "write one `check-name: error|warning|ignore` per line, e.g. `broken-anchor: warning`", check: .siteConfig)
        }
        let names = Check.all.filter(\.configurable).map(\.name)
        let levels = CheckLevel.allCases.map(\.rawValue)
        var result: [String: CheckLevel] = [:]
        for (keyNode, value) in pairs {
            let name = keyNode.scalar ?? ""
            guard let check = Check.named(name) else {
                diagnostics.append(
                    .error(
                        keyNode.location, "unknown check '\(name)'", hint: Suggestions.hint(known: "checks", names, for: name),
                        check: .siteConfig))
                continue
            }
            guard check.configurable else {
                diagnostics.append(
                    .error(
                        keyNode.location, "the level of check '\(name)' cannot be changed",
                        hint: "it finds \(check.summary), which leaves nothing sensible to build; fix the problem instead",
                        check: .siteConfig))
                continue
            }
            guard let text = value.scalar, let level = CheckLevel(rawValue: text) else {
                diagnostics.append(
                    .error(
                        value.location,
                        "level of '\(name)' must be error, warning or ignore, found \(value.scalar.map { "'\($0)'" } ?? value.kindName)",
                        hint: Suggestions.hint(known: "levels", levels, for: value.scalar ?? ""), check: .siteConfig))
                continue
            }
            result[name] = level
        }
        return result
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
            throw .error(
                node.location, "`keep:` must be a list of paths in the output folder", hint: "write `keep: [CNAME]`", check: .siteConfig)
        }
        var result: [KeptPath] = []
        for item in items {
            guard let text = item.scalar, !text.isEmpty else {
                diagnostics.append(
                    .error(item.location, "a `keep:` entry must be a path", hint: "write a path such as `CNAME`", check: .siteConfig))
                continue
            }
            let parts = text.split(separator: "/", omittingEmptySubsequences: true)
            guard !text.hasPrefix("/"), !parts.isEmpty, !parts.contains(where: { $0 == "." || $0 == ".." }) else {
                diagnostics.append(
                    .error(
                        item.location, "`keep:` entry '\(text)' must be a path inside the output folder",
                        hint: "write it relative to the output folder, without `..` or a leading `/`", check: .siteConfig))
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
