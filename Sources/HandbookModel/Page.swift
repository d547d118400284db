/// A page's identity: its path under Content/, e.g. `roles/product-manager.md`.
public struct PageID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Path relative to Content/, with `/` separators.
    public let path: String
    /// The folder the file is in, "" for Content/ itself.
    public let folder: String
    /// The file name without `.md`.
    public let stem: String

    /// Creates an id from a Content/-relative path.
    public init(_ path: String) {
        self.path = path
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        folder = slash.map { String(path[..<$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        stem = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }

    public var description: String { path }
    public static func < (lhs: PageID, rhs: PageID) -> Bool { lhs.path < rhs.path }
    public static func == (lhs: PageID, rhs: PageID) -> Bool { lhs.path == rhs.path }
    public func hash(into hasher: inout Hasher) { hasher.combine(path) }

    /// Whether this is a folder's landing page: `_index.md`, `index.md`, or `README.md` as
    /// GitHub shows it for a folder (in any letter case, as GitHub finds it).
    public var isSectionIndex: Bool { stem == "_index" || stem == "index" || stem.lowercased() == "readme" }

    /// Which of a folder's possible landing pages wins when it has several (only one may
    /// stay, and that one is reported): `_index.md`, then `index.md`, then `README.md`.
    public var sectionIndexRank: Int { stem == "_index" ? 0 : (stem == "index" ? 1 : 2) }
}

/// What a page is for; decides its default template.
public enum PageKind: String, Sendable {
    case home, section, page, entry
}

/// A Markdown file after its front matter is read.
public struct ParsedPage: Sendable {
    /// Its id (path under Content/).
    public var id: PageID
    /// The path to show in diagnostics, e.g. `Content/roles/pm.md`.
    public var file: String
    /// Typed front matter.
    public var frontMatter: FrontMatter
    /// The Markdown body.
    public var body: String
    /// Lines before the body, to turn body lines into file lines.
    public var bodyLineOffset: Int
    /// The front matter could not be read (already reported): the page still exists, so links
    /// to it resolve, but its fields are not checked again.
    public var frontMatterIsBroken = false
    /// The file's own id when the page stands for a folder under another id (`team.md` as the
    /// page of `team/`): relative links are resolved from where the file is.
    public var linkSource: PageID?

    /// Creates a parsed page.
    public init(id: PageID, file: String, frontMatter: FrontMatter, body: String, bodyLineOffset: Int) {
        self.id = id
        self.file = file
        self.frontMatter = frontMatter
        self.body = body
        self.bodyLineOffset = bodyLineOffset
    }
}

/// A page of the site model.
public struct Page: Sendable {
    public var id: PageID
    public var file: String
    public var kind: PageKind
    /// Its URL relative to the site root, ending in `/` ("" for the home page).
    public var url: String
    /// The section (folder) it belongs to; a landing page belongs to its own folder.
    public var section: String
    public var title: String
    public var frontMatter: FrontMatter
    /// The collection it is an entry of.
    public var entry: EntryRef?
    /// Typed, checked values: collection fields and page fields.
    public var fields: [String: FieldValue]
    /// Front matter keys that are neither typed nor declared, for templates.
    public var extra: [(key: String, value: YAMLNode)]
}

/// A folder of Content/: its landing page, pages and subfolders, in reading order.
public struct Section: Sendable, Equatable {
    /// The folder path under Content/, "" for the root.
    public var id: String
    public var parent: String?
    public var title: String
    public var weight: Int
    /// The landing page, if the folder has one.
    public var index: PageID?
    /// Pages in order, landing page excluded.
    public var pages: [PageID]
    /// Subfolders in order.
    public var subsections: [String]
}

/// The URL a path maps to: `a/b.md` is `a/b/`, `a/_index.md` is `a/`.
public func pageURL(for id: PageID) -> String {
    if id.isSectionIndex { return id.folder.isEmpty ? "" : id.folder + "/" }
    let folder = id.folder
    return (folder.isEmpty ? "" : folder + "/") + id.stem + "/"
}

/// A link from one page's URL to another's, relative, with `index.html` so it works from disk.
public func relativeURL(from source: String, to target: String) -> String {
    joinRelative(rootPrefix(for: source), target + (target.isEmpty || target.hasSuffix("/") ? "index.html" : ""))
}

/// `prefix + path` as a relative URL that can only be read as one. From a page at the root the
/// prefix is empty, and a file or folder named `javascript:alert(1)` would make a link that runs
/// script (and a leading quote would end the URL of `<meta http-equiv="refresh">`): `./` in
/// front keeps such a path a path.
public func joinRelative(_ prefix: String, _ path: String) -> String {
    guard prefix.isEmpty, let first = path.utf8.first else { return prefix + path }
    if first == UInt8(ascii: "'") || first == UInt8(ascii: "\"") { return "./" + path }
    for byte in path.utf8 {
        switch byte {
        case UInt8(ascii: ":"): return "./" + path
        case UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#"): return path
        default: continue
        }
    }
    return path
}

/// `../` once per folder level of a page URL: the way back to the site root.
public func rootPrefix(for url: String) -> String {
    var url = url
    let depth = url.withUTF8 { bytes in bytes.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) } }
    return String(repeating: "../", count: depth)
}
