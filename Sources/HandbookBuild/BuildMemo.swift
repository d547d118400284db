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

    /// What a body's rendering depends on: its text and position in its file, the page it is
    /// rendered for (its address, whether it has `title:`, the file its links are relative to,
    /// its comparison tables' captions), and the site's pages and files that its links may
    /// point at (`ParsedSite.markdownFingerprint`).
    struct BodyKey: Hashable, Sendable {
        var body: String
        var file: String
        var lineOffset: Int
        var fingerprint: UInt64
        var id: String = ""
        var untitled = false
        var linkSource: String?
        var comparisons: [String] = []
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
    /// For the build cache: what rendering each page gave, by the page's key (`PageReuse`),
    /// and the entries of the cache that pages taken from it were made from.
    var pageRecords: [KeyDigest: PageRecord] = [:]
    var carried: Set<KeyDigest> = []
    /// Bodies and text fields kept on disk by an earlier `handbook build` (`BuildCache`),
    /// for keys this memo does not hold.
    var stored: BuildCache?
}
