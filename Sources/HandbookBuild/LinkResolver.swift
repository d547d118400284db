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
        if url.isEmpty || url.hasPrefix("//") || hasScheme(url) { return .keep }
        var path = url
        var fragment: String?
        if let hash = path.firstIndex(of: "#") {
            fragment = String(path[path.index(after: hash)...])
            path = String(path[..<hash])
        }
        var query = ""
        if let mark = path.firstIndex(of: "?") {
            query = String(path[mark...])
            path = String(path[..<mark])
        }
        if path.isEmpty {
            if let fragment, !fragment.isEmpty { anchors.append(AnchorCheck(target: source, fragment: fragment, location: location)) }
            return .keep
        }
        let decoded = path.contains("%") ? (path.removingPercentEncoding ?? path) : path
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

    private func hasScheme(_ url: String) -> Bool {
        guard let colon = url.firstIndex(of: ":") else { return false }
        let scheme = url[..<colon]
        return !scheme.isEmpty && !scheme.contains("/") && scheme.allSatisfy { $0.isLetter || $0.isNumber || "+-.".contains($0) }
    }

    /// `../a/./b.md` from folder `x/y` is `x/a/b.md`; nil when it climbs out of Content/.
    private func normalize(_ path: String, from folder: String) -> String? {
        var parts: [Substring] = path.hasPrefix("/") ? [] : folder.split(separator: "/")
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
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
