import CCmarkGFM

/// The tree walk's safety pass: script URLs out of links and images, raw HTML through
/// `HTMLSanitizer`. Kept apart from the walk so the walk itself changes in two lines.
extension TreeWalker {
    /// Drops a link or image destination that would run script, keeping the link's text;
    /// true when it did.
    mutating func dropUnsafeDestination(of node: Node, _ link: MarkdownLink) -> Bool {
        guard let scheme = URLSafety.unsafeScheme(link.url, isImage: link.isImage) else { return false }
        // `#` keeps a link a link; an empty `src` makes a browser show the alt text and load nothing.
        cmark_node_set_url(node.raw, link.isImage ? "" : "#")
        let what = link.isImage ? "image source" : "link destination"
        warnings.append(
            MarkdownWarning(
                message: "removed the \(what) '\(Self.shown(link.url))': \(URLSafety.reason(scheme: scheme))", kind: .unsafeURL,
                line: link.line, column: link.column))
        return true
    }

    /// Sanitises raw HTML nodes in place; `blockColumn` is the column of the block an inline
    /// node is in, where its later lines start.
    mutating func sanitizeRawHTML(_ nodes: [(node: Node, blockColumn: Int)]) {
        guard !nodes.isEmpty else { return }
        let sanitizer = HTMLSanitizer()
        for (node, blockColumn) in nodes {
            guard let literal = node.literal else { continue }
            let result = sanitizer.sanitize(literal)
            guard result.changed else { continue }
            cmark_node_set_literal(node.raw, result.html)
            let isBlock = node.type == CMARK_NODE_HTML_BLOCK
            // A block's literal keeps the indentation its first line has beyond its container,
            // while cmark's column is that of the first non-space character.
            let indent = isBlock ? literal.utf8.prefix { $0 == 32 }.count : 0
            let places = HTMLSanitizer.linesAndOffsets(of: result.removals.map(\.offset), in: literal)
            for (removal, (line, offset)) in zip(result.removals, places) {
                let column: Int
                if isBlock {
                    column = node.startColumn - indent + offset
                } else {
                    column = line == 0 ? node.startColumn + offset : blockColumn + offset
                }
                warnings.append(
                    MarkdownWarning(message: removal.message, kind: .rawHTML, line: node.startLine + line, column: max(1, column)))
            }
        }
    }

    /// A URL for a message: control characters spelled out, long ones shortened.
    static func shown(_ url: String) -> String {
        var text = ""
        for scalar in url.unicodeScalars.prefix(80) {
            text += scalar.value < 0x20 || scalar.value == 0x7F ? scalar.escaped(asASCII: true) : String(scalar)
        }
        return url.unicodeScalars.count > 80 ? text + "..." : text
    }
}
