/// What a check's findings become: `error` fails the build, `warning` is printed, `ignore`
/// drops them.
public enum CheckLevel: String, Sendable, CaseIterable {
    case error, warning, ignore
}

/// A kind of problem the build looks for. Its stable name is printed with every diagnostic it
/// makes (`... error: message [broken-link]`), so people know what to write under `checks:` in
/// site.yml to change its level.
///
/// Only checks whose findings the build can step over are `configurable`: a broken link still
/// renders as a link, a wrong `weight:` falls back to 0. The others (YAML that does not parse,
/// a site.yml or schema the build cannot read, a theme that does not load, a file that cannot
/// be read, two pages at one address) leave nothing sensible to build, so their level is fixed.
public struct Check: Sendable, Hashable {
    /// The kebab-case name shown in diagnostics and accepted under `checks:`.
    public let name: String
    /// The level when site.yml does not set one.
    public let defaultLevel: CheckLevel
    /// Whether site.yml may change the level.
    public let configurable: Bool
    /// What it finds, for documentation and `--help`-style listings.
    public let summary: String

    init(_ name: String, _ level: CheckLevel, configurable: Bool = true, _ summary: String) {
        self.name = name
        self.defaultLevel = level
        self.configurable = configurable
        self.summary = summary
    }

    public static func == (lhs: Check, rhs: Check) -> Bool { lhs.name == rhs.name }
    public func hash(into hasher: inout Hasher) { hasher.combine(name) }

    // What breaks a reader's click, or loses content, is an error by default.

    /// A link to a page or file that is not in Content/, or that climbs out of it.
    public static let brokenLink = Check("broken-link", .error, "a link to a page or file that does not exist")
    /// A link to `page.md#anchor` whose page has no such heading.
    public static let brokenAnchor = Check("broken-anchor", .error, "a link to an #anchor the page does not have")
    /// A link to a page left out as a draft.
    public static let linkToDraft = Check("link-to-draft", .error, "a link to a page marked draft: true")
    /// A front-matter key one or two letters away from a known one (`titel`).
    public static let unknownKey = Check("unknown-key", .error, "a front-matter key that looks like a typo of a known one")
    /// A typed front-matter key (`weight`, `date`, `compare`, ...) with a value of the wrong kind.
    public static let frontMatter = Check("front-matter", .error, "a known front-matter key with a value of the wrong type")
    /// A key of a collection entry that its schema does not declare.
    public static let unknownField = Check("unknown-field", .error, "an entry key its collection does not declare")
    /// A field value that does not fit the field's type.
    public static let fieldValue = Check("field-value", .error, "a field value that does not fit its declared type")
    /// A required field an entry does not set.
    public static let missingField = Check("missing-field", .error, "a required field an entry does not set")
    /// A reference to an entry that does not exist.
    public static let unknownReference = Check("unknown-reference", .error, "a reference to an entry that does not exist")
    /// A comparison table that names what does not exist, or lacks values.
    public static let comparison = Check("comparison", .error, "a comparison table that cannot be built")
    /// A career path that leads back to an earlier step.
    public static let flowCycle = Check("flow-cycle", .error, "a career path with a cycle")
    /// `layout:` naming a template the theme does not have; the page is made with its kind's.
    public static let unknownLayout = Check("unknown-layout", .error, "a layout the theme does not have")
    /// An alias that another page already has, or that climbs out of the site.
    public static let alias = Check("alias", .error, "an alias that cannot be written")

    // What GitHub shows differently, or what a reader may miss, is a warning.

    /// `#Anchor` where the heading's id is `anchor`: GitHub finds it, a browser does not.
    public static let anchorCase = Check("anchor-case", .warning, "an #anchor that differs from the heading's id only in letter case")
    /// Raw HTML the sanitizer removed from a page.
    public static let rawHTML = Check("raw-html", .warning, "raw HTML removed from a page")
    /// A link or image destination that runs script, removed from a page.
    public static let unsafeURL = Check("unsafe-url", .warning, "a script URL removed from a page")
    /// A CODEOWNERS line GitHub would not read, which is ignored.
    public static let codeOwners = Check("codeowners", .warning, "a CODEOWNERS line GitHub does not support")
    /// A file or link under Content/ or Themes/ that is skipped: a symbolic link that leads
    /// nowhere or outside, a device, a folder named like a page.
    public static let sourceFile = Check("source-file", .warning, "a file or link the build skips")
    /// A page that shows nothing: no body, and what text it has sits in undeclared keys.
    public static let emptyPage = Check("empty-page", .warning, "a page with nothing to show")
    /// A page no navigation (sidebar, section listing) leads to.
    public static let unreachablePage = Check("unreachable-page", .warning, "a page no navigation leads to")
    /// `> [!NOTE] text` on one line, which GitHub shows as a plain quote.
    public static let oneLineAlert = Check("one-line-alert", .warning, "an alert whose marker is not on its own line")
    /// Hugo shortcodes, Liquid tags and the like, which handbook shows as text.
    public static let foreignTemplateSyntax = Check(
        "foreign-template-syntax", .warning, "another generator's template syntax, shown as text")

    // What leaves nothing sensible to build cannot be downgraded.

    /// YAML that does not parse, a duplicate key, front matter that is not closed or not a mapping.
    public static let yaml = Check("yaml", .error, configurable: false, "YAML that does not parse")
    /// A key or value of site.yml the build does not understand.
    public static let siteConfig = Check("site-config", .error, configurable: false, "a key or value of site.yml that is wrong")
    /// A collection or field declaration that cannot be read.
    public static let schema = Check("schema", .error, configurable: false, "a collection or field declaration that is wrong")
    /// Two entries of one collection with the same file name.
    public static let duplicateID = Check("duplicate-id", .error, configurable: false, "two entries with one id")
    /// Two files that would be one folder's page (`README.md`, `index.md`, `_index.md`).
    public static let duplicateIndex = Check(
        "duplicate-index", .error, configurable: false, "two files that would both be a folder's page")
    /// A theme that is missing, or a template that does not parse or is missing.
    public static let theme = Check("theme", .error, configurable: false, "a theme or template that cannot be used")
    /// A file that is not UTF-8 text.
    public static let encoding = Check("encoding", .error, configurable: false, "a file that is not UTF-8 text")
    /// Two sources built into one output path, or a page path an address cannot carry.
    public static let outputPath = Check(
        "output-path", .error, configurable: false, "two files built into one output path, or a path an address cannot carry")
    /// A `keep:` path the site itself writes.
    public static let output = Check("output", .error, configurable: false, "an output path the site and `keep:` both claim")
    /// The environment failed: a file could not be read or written, the output folder is unsafe.
    public static let environment = Check("environment", .error, configurable: false, "a file or folder that cannot be used")

    /// Every check, in the order the documentation lists them.
    public static let all: [Check] = [
        brokenLink, brokenAnchor, linkToDraft, unknownKey, frontMatter, unknownField, fieldValue, missingField,
        unknownReference, comparison, flowCycle, unknownLayout, alias, anchorCase, rawHTML, unsafeURL, emptyPage, unreachablePage,
        oneLineAlert, foreignTemplateSyntax, sourceFile, codeOwners, yaml, siteConfig, schema, duplicateID, duplicateIndex, theme, encoding,
        outputPath, output, environment,
    ]

    /// The check with this name.
    public static func named(_ name: String) -> Check? { all.first { $0.name == name } }
}

extension Diagnostic {
    /// A finding of a check, at the check's default level; site.yml's `checks:` may change it.
    public static func report(_ check: Check, _ location: SourceLocation, _ message: String, hint: String? = nil) -> Diagnostic {
        Diagnostic(check.defaultLevel == .error ? .error : .warning, at: location, message, hint: hint, check: check.name)
    }

    /// This diagnostic named after `check` unless it already has a name: decoding helpers throw
    /// the same errors for front matter, site.yml and schemas, and the caller knows which.
    public func named(_ check: Check) -> Diagnostic {
        guard self.check == nil else { return self }
        var copy = self
        copy.check = check.name
        return copy
    }
}
