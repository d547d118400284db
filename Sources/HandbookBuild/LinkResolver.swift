import Foundation
import HandbookMarkdown

/// A link to a page, with the `#fragment` to check once every page's headings are known (empty
/// when it names none: the link still counts as a way to reach the page).
struct AnchorCheck: Sendable {
    var target: PageID
    var fragment: String
    var location: SourceLocation
}

/// Rewrites links written to Markdown files into relative URLs of their pages, and checks
/// that every relative link points at something the build writes.
struct LinkResolver: Sendable {
    /// Pages that are built.
    let pages: [PageID: String]
    /// Pages left out as drafts.
    let drafts: Set<PageID>
    /// Non-Markdown files under Content/.
    let staticFiles: Set<String>
    /// Files that would also have been a folder's page, to the page that is.
    let sameAs: [PageID: PageID]
    /// The Markdown files a "did you mean" may name: pages made for folders without one are
    /// not files the writer could link to.
    private let suggestions: [String]
    /// The URLs of the built pages, for links written to a folder.
    private let urls: Set<String>
    /// The page at each URL, for the navigation check.
    private let idByURL: [String: PageID]
    /// Folders that hold files but no page, for the message about a link to one.
    private let folders: Set<String>

    init(
        pages: [PageID: String], drafts: Set<PageID>, staticFiles: Set<String>, sameAs: [PageID: PageID] = [:],
        generated: Set<PageID> = []
    ) {
        self.pages = pages
        self.drafts = drafts
        self.staticFiles = staticFiles
        self.sameAs = sameAs
        urls = Set(pages.values)
        idByURL = Dictionary(pages.map { ($0.value, $0.key) }, uniquingKeysWith: { $0 < $1 ? $0 : $1 })
        suggestions = pages.keys.filter { !generated.contains($0) }.map(\.path).sorted()
        var folders = Set<String>()
        for file in staticFiles {
            var path = Substring(file)
            while let slash = path.lastIndex(of: "/") {
                path = path[..<slash]
                folders.insert(String(path))
            }
        }
        self.folders = folders
    }

    /// What one link became.
    enum Outcome {
        case keep
        case rewrite(String)
        case problem(Check, String, hint: String?)
    }

    /// Resolves a link written in `source` (a page or a text field of an entry) for a page
    /// rendered at `renderedAt`; records anchors to check later.
    func resolve(_ url: String, from source: PageID, renderedAt: String, anchors: inout [AnchorCheck], at location: SourceLocation)
        -> Outcome
    {
        if url.isEmpty || url.utf8.starts(with: "//".utf8) || hasScheme(url) { return .keep }
        // Split on bytes: '#' and '?' are ASCII, and this runs for every link of every page.
        var path = Substring(url)
        var fragment: String?
        if let hash = url.utf8.firstIndex(of: UInt8(ascii: "#")) {
            fragment = String(url[url.utf8.index(after: hash)...])
            path = url[..<hash]
        }
        var query = ""
        if let mark = path.utf8.firstIndex(of: UInt8(ascii: "?")) {
            query = String(path[mark...])
            path = path[..<mark]
        }
        if path.isEmpty {
            if let fragment, !fragment.isEmpty {
                anchors.append(AnchorCheck(target: sameAs[source] ?? source, fragment: fragment, location: location))
            }
            return .keep
        }
        let decoded = path.utf8.contains(UInt8(ascii: "%")) ? (path.removingPercentEncoding ?? String(path)) : String(path)
        guard let target = normalize(decoded, from: source.folder) else {
            return .problem(.brokenLink, "link '\(url)' points outside Content/", hint: "link to a file inside Content/")
        }
        if target.hasSuffix(".md") {
            let written = PageID(target)
            let id = sameAs[written] ?? written
            guard let targetURL = pages[id] else {
                if drafts.contains(id) {
                    return .problem(
                        .linkToDraft, "link to '\(url)', which is a draft and is not built",
                        hint: "publish it (remove `draft: true`), remove the link, or build with --drafts")
                }
                // A folder's page under another of its names (README.md for index.md) first.
                let folderPage =
                    written.isSectionIndex ? suggestions.first { PageID($0).isSectionIndex && PageID($0).folder == written.folder } : nil
                let near = folderPage ?? Self.closest(to: target, in: suggestions)
                return .problem(
                    .brokenLink, "link to '\(url)', but Content/\(target) does not exist",
                    hint: near.map { "did you mean '\(relativePath(from: source.folder, to: $0))'?" } ?? "check the file name and folder")
            }
            anchors.append(AnchorCheck(target: id, fragment: fragment ?? "", location: location))
            return .rewrite(encode(relativeURL(from: renderedAt, to: targetURL)) + query + (fragment.map { "#" + $0 } ?? ""))
        }
        let trimmed = target.hasSuffix("/") ? String(target.dropLast()) : target
        if staticFiles.contains(trimmed) {
            return .rewrite(joinRelative(rootPrefix(for: renderedAt), encode(trimmed)) + query + (fragment.map { "#" + $0 } ?? ""))
        }
        let folderURL = trimmed.isEmpty ? "" : trimmed + "/"
        if urls.contains(folderURL) {
            if let id = idByURL[folderURL] { anchors.append(AnchorCheck(target: id, fragment: fragment ?? "", location: location)) }
            return .rewrite(encode(relativeURL(from: renderedAt, to: folderURL)) + query + (fragment.map { "#" + $0 } ?? ""))
        }
        if folders.contains(trimmed) {
            return .problem(
                .brokenLink, "link to '\(url)', a folder with no page",
                hint: "GitHub lists a folder's files, a built site cannot: add a README.md to Content/\(trimmed)/, or link to a file in it")
        }
        // Another generator's address for a page (`roles/lead.html`, `roles/lead/`): name its file.
        let stem = trimmed.hasSuffix(".html") ? String(trimmed.dropLast(5)) : trimmed
        let page = [stem + ".md", stem + "/_index.md", stem + "/index.md", stem + "/README.md"].first { pages[PageID($0)] != nil }
        return .problem(
            .brokenLink, "link to '\(url)', but there is no Content/\(trimmed)",
            hint: page.map { "did you mean '\(relativePath(from: source.folder, to: $0))'? write links to pages as their .md files" }
                ?? "link to an existing file; write links to pages as their .md files")
    }

    /// Whether the URL starts with `scheme:` (RFC 3986: a letter, then letters, digits, `+-.`).
    private func hasScheme(_ url: String) -> Bool {
        var length = 0
        for byte in url.utf8 {
            switch byte {
            case UInt8(ascii: ":"): return length > 0
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): break
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
                if length == 0 { return false }
            default: return false
            }
            length += 1
        }
        return false
    }

    /// `../a/./b.md` from folder `x/y` is `x/a/b.md`; nil when it climbs out of Content/.
    private func normalize(_ path: String, from folder: String) -> String? {
        // On bytes, segment by segment: this runs for every link of every page.
        var out: [UInt8] = []
        var starts: [Int] = []
        var valid = true
        func push(_ segment: UnsafeBufferPointer<UInt8>) {
            if segment.isEmpty || (segment.count == 1 && segment[0] == 46) { return }
            if segment.count == 2, segment[0] == 46, segment[1] == 46 {
                guard let start = starts.popLast() else {
                    valid = false
                    return
                }
                out.removeSubrange(max(0, start - 1)...)
                return
            }
            if !out.isEmpty { out.append(47) }
            starts.append(out.count)
            out.append(contentsOf: segment)
        }
        func pushAll(_ text: String) {
            var text = text
            text.withUTF8 { bytes in
                var start = 0
                for index in 0...bytes.count where index == bytes.count || bytes[index] == 47 {
                    push(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                    start = index + 1
                }
            }
        }
        if !path.hasPrefix("/") { pushAll(folder) }
        pushAll(path)
        guard valid else { return nil }
        if path.hasSuffix("/") && !path.hasSuffix(".md") { out.append(47) }
        return String(decoding: out, as: UTF8.self)
    }

    /// The page nearest to a missing one: a folder's page (`_index.md`, `README.md`) only when
    /// nothing else is as close, since a typo in a page's name is far likelier than a link
    /// meant for its folder.
    static func closest(to target: String, in candidates: [String]) -> String? {
        var best: (path: String, distance: Int, isIndex: Bool)?
        for candidate in candidates {
            let distance = Suggestions.distance(target.lowercased(), candidate.lowercased())
            guard distance <= 6 else { continue }
            let isIndex = PageID(candidate).isSectionIndex
            if let current = best, (current.distance, current.isIndex ? 1 : 0) <= (distance, isIndex ? 1 : 0) { continue }
            best = (candidate, distance, isIndex)
        }
        return best?.path
    }

    private func relativePath(from folder: String, to target: String) -> String {
        let from = folder.split(separator: "/"), to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        return String(repeating: "../", count: from.count - common) + to[common...].joined(separator: "/")
    }

    /// A path as it may stand in an `href`: `my page/` becomes `my%20page/`, as GitHub writes it.
    private func encode(_ path: String) -> String {
        // Most paths need nothing: spare Foundation's encoder for every link of every page.
        let plain = path.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "/"):
                return true
            default: return false
            }
        }
        return plain ? path : (path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path)
    }
}
