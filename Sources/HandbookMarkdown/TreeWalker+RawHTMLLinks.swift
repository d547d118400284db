import CCmarkGFM
import Foundation

/// Links written in raw HTML (`<a href="team.md">`, `<img src="chart.png">`), which GitHub
/// resolves from the file they are written in, as it does Markdown links: each relative one
/// goes through the same check and rewrite, so a missing image is reported and a working one
/// still works once the page lives at its own address.
extension TreeWalker {
    /// The attribute of each tag that holds a link, and whether it names an image.
    private static let linkAttributes: [[UInt8]: (attribute: [UInt8], isImage: Bool)] = [
        Array("a".utf8): (Array("href".utf8), false),
        Array("img".utf8): (Array("src".utf8), true),
        Array("source".utf8): (Array("src".utf8), true),
        Array("video".utf8): (Array("src".utf8), true),
        Array("audio".utf8): (Array("src".utf8), true),
        Array("track".utf8): (Array("src".utf8), true),
    ]

    /// Resolves the links of raw HTML nodes through `rewriteLink` and writes the new ones in;
    /// `blockColumn` is the column of the block an inline node is in, where its later lines
    /// start. Runs before the sanitiser, so positions are those of the source.
    mutating func rewriteRawHTMLLinks(_ nodes: [(node: Node, blockColumn: Int)], rewriteLink: (MarkdownLink) -> String?) {
        for (node, blockColumn) in nodes {
            guard let literal = node.literal, literal.utf8.contains(UInt8(ascii: "<")) else { continue }
            let bytes = Array(literal.utf8)
            var found: [(range: Range<Int>, url: String, isImage: Bool)] = []
            bytes.withUnsafeBufferPointer { input in
                var index = 0
                while index < input.count {
                    guard input[index] == UInt8(ascii: "<"), index + 1 < input.count else {
                        index += 1
                        continue
                    }
                    if Self.starts(input, at: index, with: "<!--") {
                        index = Self.find(input, "-->", from: index + 4).map { $0 + 3 } ?? input.count
                        continue
                    }
                    guard input[index + 1].isASCIILetter, let tag = HTMLTag.read(input, at: index) else {
                        index += 1
                        continue
                    }
                    index = tag.end
                    let name = Array(input[tag.name]).lowercasedASCII
                    guard !tag.isEnd, let wanted = Self.linkAttributes[name] else { continue }
                    for attribute in tag.attributes where Array(input[attribute.name]).lowercasedASCII == wanted.attribute {
                        guard let value = attribute.value else { continue }
                        // A browser strips the spaces around a URL; a script URL is the
                        // sanitiser's to remove, not a link to check.
                        let url = String(decoding: CharacterReferences.decode(Array(input[value])), as: UTF8.self)
                            .trimmingCharacters(in: .whitespacesAndNewlines)
                        if URLSafety.unsafeScheme(url, isImage: wanted.isImage) == nil { found.append((value, url, wanted.isImage)) }
                        break
                    }
                }
            }
            guard !found.isEmpty else { continue }
            let isBlock = node.type == CMARK_NODE_HTML_BLOCK
            let indent = isBlock ? bytes.prefix { $0 == 32 }.count : 0
            let places = HTMLSanitizer.linesAndOffsets(of: found.map(\.range.lowerBound), in: literal)
            var rewritten = bytes
            // From the last to the first, so earlier ranges stay where they were.
            for ((range, url, isImage), (line, offset)) in zip(found, places).reversed() {
                let column: Int
                if isBlock {
                    column = node.startColumn - indent + offset
                } else {
                    column = line == 0 ? node.startColumn + offset : blockColumn + offset
                }
                let link = MarkdownLink(url: url, isImage: isImage, line: node.startLine + line, column: max(1, column))
                links.append(link)
                guard let replacement = rewriteLink(link) else { continue }
                rewritten.replaceSubrange(range, with: Array(Self.attributeEscaped(replacement).utf8))
            }
            if rewritten != bytes { cmark_node_set_literal(node.raw, String(decoding: rewritten, as: UTF8.self)) }
        }
    }

    private static func starts(_ input: UnsafeBufferPointer<UInt8>, at index: Int, with text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard index + count <= input.count else { return false }
        return (0..<count).allSatisfy { input[index + $0] == text.utf8Start[$0] }
    }

    private static func find(_ input: UnsafeBufferPointer<UInt8>, _ text: StaticString, from start: Int) -> Int? {
        var index = start
        while index < input.count {
            if starts(input, at: index, with: text) { return index }
            index += 1
        }
        return nil
    }

    /// A URL written back into a quoted attribute.
    private static func attributeEscaped(_ url: String) -> String {
        url.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
