import Foundation
import HandbookRender

/// What one build keeps so that the next redoes only what changed (the preview server keeps
/// it in memory between saves). Every entry is keyed by all that its value was made from, so
/// a hit gives the value a clean build would make, byte for byte.
struct BuildMemo: Sendable {
    /// A page's front matter, by path under Content/, with the text it was parsed from.
    struct Parsed: Sendable {
        var text: String
        var page: ParsedPage?
        var problems: [Diagnostic]
    }

    /// What a body's rendering depends on: its text and position in its file, whether it
    /// gives its page the title (then its leading heading of any level is taken out), the
    /// captions of its page's comparison tables (headings whose ids and contents entries
    /// follow the body's), and the site's pages and files that its links may point at
    /// (`ParsedSite.markdownFingerprint`).
    struct BodyKey: Hashable, Sendable {
        var body: String
        var file: String
        var lineOffset: Int
        var titleFromBody: Bool
        var comparisons: [String]
        var fingerprint: UInt64

        /// The key of `page`'s body in a site that `fingerprint` stands for.
        init(_ page: ParsedPage, fingerprint: UInt64) {
            body = page.body
            file = page.file
            lineOffset = page.bodyLineOffset
            titleFromBody = page.frontMatter.title == nil
            comparisons = page.frontMatter.compare.map(\.caption)
            self.fingerprint = fingerprint
        }
    }

    /// A rendered body.
    struct Body: Sendable {
        var key: BodyKey
        var rendered: RenderedPage
    }

    /// What a `text` field's rendering depends on.
    struct TextKey: Hashable, Sendable {
        var markdown: String
        var location: SourceLocation
        var renderedAt: String
        var fingerprint: UInt64
    }

    /// A rendered `text` field.
    struct Text: Sendable {
        var html: String
        var diagnostics: [Diagnostic]
    }

    /// A page made through its template: the hash of its layout, template context and theme,
    /// and what came of them.
    struct Page: Sendable {
        var hash: UInt64
        var html: Data
        var search: SearchDocument
    }

    var parsed: [String: Parsed] = [:]
    var bodies: [PageID: Body] = [:]
    var texts: [TextKey: Text] = [:]
    var pages: [PageID: Page] = [:]
}
