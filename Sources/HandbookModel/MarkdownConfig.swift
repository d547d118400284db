/// The `markdown:` settings of site.yml: `markdown: { raw_html: trusted }`.
public struct MarkdownConfig: Sendable, Equatable {
    /// What happens to raw HTML written in Markdown.
    public enum RawHTMLPolicy: String, Sendable, CaseIterable {
        /// Tags and attributes outside an allowlist are escaped or removed, with a warning each.
        case safe
        /// Raw HTML is published as written: only for sites whose every editor is trusted to
        /// run script in every reader's browser.
        case trusted
    }

    /// `raw_html:`, `safe` unless the site says otherwise.
    public var rawHTML: RawHTMLPolicy = .safe

    /// The defaults: raw HTML is sanitised.
    public init(rawHTML: RawHTMLPolicy = .safe) {
        self.rawHTML = rawHTML
    }

    static let knownKeys = ["raw_html"]

    /// Reads the `markdown:` mapping; every problem is reported.
    static func parse(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> MarkdownConfig {
        var config = MarkdownConfig()
        guard let pairs = node.mapping else {
            diagnostics.append(
                .error(
                    node.location, "'markdown' must be a mapping, found \(node.kindName)",
                    hint: "write `markdown: { raw_html: safe }` or `raw_html:` indented on the next line"))
            return config
        }
        for (keyNode, value) in pairs {
            let key = keyNode.scalar ?? ""
            do throws(Diagnostic) {
                switch key {
                case "raw_html":
                    let text = try value.expectString("markdown.raw_html")
                    guard let policy = RawHTMLPolicy(rawValue: text) else {
                        throw .error(
                            value.location, "'markdown.raw_html' is '\(text)', which is not safe or trusted",
                            hint: "`safe` (the default) lets only documentation tags and attributes through; "
                                + "`trusted` publishes raw HTML as written")
                    }
                    config.rawHTML = policy
                default:
                    throw .error(
                        keyNode.location, "unknown key '\(key)' in 'markdown' of site.yml",
                        hint: Suggestions.hint(known: "keys", knownKeys, for: key))
                }
            } catch {
                diagnostics.append(error)
            }
        }
        return config
    }
}
