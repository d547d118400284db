import Foundation
import HandbookMarkdown

/// A link to `page#fragment`, checked once every page's headings are known.
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

    /// What one link became.
    enum Outcome {
        case keep
        case rewrite(String)
        case problem(String, hint: String?)
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
            if let fragment, !fragment.isEmpty { anchors.append(AnchorCheck(target: source, fragment: fragment, location: location)) }
            return .keep
        }
        let decoded = path.utf8.contains(UInt8(ascii: "%")) ? (path.removingPercentEncoding ?? String(path)) : String(path)
        guard let target = normalize(decoded, from: source.folder) else {
            return .problem("link '\(url)' points outside Content/", hint: "link to a file inside Content/")
        }
        let prefix = rootPrefix(for: renderedAt)
        if target.hasSuffix(".md") {
            let id = PageID(target)
            guard let targetURL = pages[id] else {
                if drafts.contains(id) {
                    return .problem(
                        "link to '\(url)', which is a draft and is not built",
                        hint: "publish it (remove `draft: true`), remove the link, or build with --drafts")
                }
                let near = Suggestions.closest(to: target, in: pages.keys.map(\.path), maxDistance: 6)
                return .problem(
                    "link to '\(url)', but Content/\(target) does not exist",
                    hint: near.map { "did you mean '\(relativePath(from: source.folder, to: $0))'?" } ?? "check the file name and folder")
            }
            if let fragment, !fragment.isEmpty {
                anchors.append(AnchorCheck(target: id, fragment: fragment, location: location))
            }
            return .rewrite(relativeURL(from: renderedAt, to: targetURL) + query + (fragment.map { "#" + $0 } ?? ""))
        }
        let trimmed = target.hasSuffix("/") ? String(target.dropLast()) : target
        if staticFiles.contains(trimmed) {
            return .rewrite(prefix + encode(trimmed) + query + (fragment.map { "#" + $0 } ?? ""))
        }
        if let page = pages.first(where: { $0.value == trimmed + "/" || ($0.value.isEmpty && trimmed.isEmpty) }) {
            return .rewrite(relativeURL(from: renderedAt, to: page.value) + (fragment.map { "#" + $0 } ?? ""))
        }
        return .problem(
            "link to '\(url)', but there is no Content/\(trimmed)",
            hint: "link to an existing file; write links to pages as their .md files")
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
        var parts: [Substring] = path.hasPrefix("/") ? [] : folder.utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) }
        for part in path.utf8.split(separator: UInt8(ascii: "/")).map({ Substring($0) }) {
            if part == "." { continue }
            if part == ".." {
                if parts.isEmpty { return nil }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/") + (path.hasSuffix("/") && !path.hasSuffix(".md") ? "/" : "")
    }

    private func relativePath(from folder: String, to target: String) -> String {
        let from = folder.split(separator: "/"), to = target.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count - 1, from[common] == to[common] { common += 1 }
        return String(repeating: "../", count: from.count - common) + to[common...].joined(separator: "/")
    }

    private func encode(_ path: String) -> String {
        path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? path
    }
}
