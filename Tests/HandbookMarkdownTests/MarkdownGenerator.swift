/// SplitMix64: a seed gives the same numbers on every machine and every run, so a failing
/// generated page can be named by its seed and made again.
struct SeededRandom {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 0 ..< n; the library's `random(in:using:)` may change its mapping between releases.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// A generated page and the words written in it.
struct GeneratedPage {
    /// The Markdown text.
    var markdown: String
    /// Every word token (`w1`, `w2`, ...) the page's text holds, each written once.
    var words: [String]
    /// The words of a leading `# Title`, which the renderer takes out as the page title.
    var titleWords: [String]
}

/// Writes random Markdown pages that use every construct handbook pages can hold: headings of
/// every level (ATX and setext), paragraphs with soft and hard breaks, emphasis, strikethrough,
/// code spans, links, bare and pointy autolinks, inline HTML (`<span>`, `<kbd>`, `<sup>`,
/// `<a>`) at the start, end and inside of everything, footnotes, fenced code, lists (bullet,
/// ordered, task), block quotes, alerts, tables, HTML blocks and thematic breaks, nested.
///
/// Every word is a unique token `w<n>`, so a test can tell which one went missing. With
/// `exotic`, the pages also hold what hides or drops text on purpose (images, comments,
/// unreferenced footnotes, tag-filtered tags, entities, escapes, reference links, indented
/// code, lazy lines): good for comparing renderers, not for counting words.
struct MarkdownGenerator {
    private var random: SeededRandom
    private let exotic: Bool
    private var words: [String] = []
    private var footnotes: [String] = []
    private var counter = 0
    /// While set, headings are level 2 or below: a leading level-1 heading would be taken out
    /// as the title, and the page would not know.
    private var noLevelOne = false

    init(seed: UInt64, exotic: Bool = false) {
        random = SeededRandom(seed: seed)
        self.exotic = exotic
    }

    /// One page of a few blocks.
    mutating func page() -> GeneratedPage {
        words = []
        footnotes = []
        var blocks: [String] = []
        var titleWords: [String] = []
        if random.chance(35) {
            let start = words.count
            let text = inlines(depth: 2, context: .heading)
            blocks.append(random.chance(80) ? "# \(text)" : "\(text)\n\(String(repeating: "=", count: 1 + random.below(5)))")
            titleWords = Array(words[start...])
        }
        noLevelOne = titleWords.isEmpty
        for _ in 0..<(1 + random.below(6)) {
            blocks.append(block(depth: 3))
            noLevelOne = false
        }
        // Definitions come last, so words written in them are counted after the body's.
        for (index, label) in footnotes.enumerated() {
            blocks.append("[^\(label)]: \(inlines(depth: 1, context: .footnote))")
            if random.chance(30) { blocks[blocks.count - 1] += "\n\n    \(inlines(depth: 1, context: .footnote))" }
            if exotic, index == 0, random.chance(30) { blocks.append("[^unused\(counter)]: \(phrase())") }
        }
        if exotic, random.chance(40) {
            blocks.append("[r1]: https://example.com/r1 \"Reference\"\n[R2]: <https://example.com/r 2>")
        }
        let separator = exotic && random.chance(10) ? "\r\n\r\n" : "\n\n"
        return GeneratedPage(markdown: blocks.joined(separator: separator) + "\n", words: words, titleWords: titleWords)
    }

    private mutating func word() -> String {
        counter += 1
        let token = "w\(counter)"
        words.append(token)
        return token
    }

    private mutating func phrase() -> String {
        (0..<(1 + random.below(3))).map { _ in word() }.joined(separator: " ")
    }

    /// Where inline text sits, for the pieces that only belong in some places.
    private enum Context { case text, heading, link, cell, footnote }

    /// A run of inline pieces, always separated by something that is not a letter or digit.
    private mutating func inlines(depth: Int, context: Context) -> String {
        var out = ""
        // A heading that starts with inline HTML lost the rest of the page once: start there often.
        if context == .heading, random.chance(40) { out = htmlPiece(depth: depth, context: context) }
        for _ in 0..<(1 + random.below(4)) {
            if !out.isEmpty { out += random.pick([" ", " ", " ", ": ", ", ", " - ", "; ", " / "]) }
            out += piece(depth: depth, context: context)
        }
        if context == .heading, random.chance(30) { out += random.pick([" ", ": "]) + htmlPiece(depth: depth, context: context) }
        if random.chance(15) { out += random.pick([":", ".", "!", "?", ")"]) }
        return out
    }

    private mutating func htmlPiece(depth: Int, context: Context) -> String {
        // Inside a link only the tags that are not links themselves.
        let kind = random.below(context == .link ? 3 : 4)
        let inner = depth > 0 ? inlines(depth: depth - 1, context: kind == 3 ? .link : context) : phrase()
        switch kind {
        case 0: return "<span class=\"x\">\(inner)</span>"
        case 1: return "<kbd>\(inner)</kbd>"
        case 2: return "<sup>\(inner)</sup>"
        default: return "<a href=\"https://example.com/u\">\(inner)</a>"
        }
    }

    private mutating func piece(depth: Int, context: Context) -> String {
        if depth == 0 || random.chance(30) { return phrase() }
        let inner = { (generator: inout MarkdownGenerator) in
            generator.inlines(depth: depth - 1, context: context)
        }
        switch random.below(exotic ? 18 : 12) {
        case 0: return "*\(inner(&self))*"
        case 1: return "**\(inner(&self))**"
        case 2:
            // `~~~~` at the start of a line would open a code fence.
            let text = inner(&self)
            return text.hasPrefix("~") ? "*\(text)*" : "~~\(text)~~"
        case 3: return "`\(phrase())`"
        case 4: return random.chance(50) ? "``\(word()) ` \(word())``" : "`<kbd>\(word())</kbd>`"
        case 5, 6: return htmlPiece(depth: depth, context: context)
        case 7:
            guard context != .link else { return phrase() }
            let url = random.pick(["page.md#part", "../other.md", "https://example.com/a?b=c&d=e", "#local", "page.md"])
            let title = random.chance(30) ? " \"Title\"" : ""
            return "[\(inlines(depth: depth - 1, context: .link))](\(url)\(title))"
        case 8:
            guard context != .link else { return phrase() }
            let token = word()
            return random.pick(["https://example.com/\(token)", "www.example.org/\(token)", "<https://example.com/\(token)>"])
        case 9:
            guard context != .link, context != .footnote, context != .cell else { return phrase() }
            counter += 1
            let label = random.chance(50) ? "f\(counter)" : "note-\(counter)"
            footnotes.append(label)
            return "\(phrase())[^\(label)]"
        case 10: return "<em>\(inner(&self))</em>"
        case 11: return "\(phrase())\(random.pick(["&amp;", "&copy;", " &lt;", "\\*", "&#35;"])) \(phrase())"
        // Exotic pieces: text that is hidden or changed on purpose.
        case 12: return "![\(phrase())](pic.png\(random.chance(50) ? " \"Alt\"" : ""))"
        case 13: return "<!-- \(phrase()) -->"
        case 14: return random.pick(["<script>", "<textarea>", "<style>", "<xmp>", "<iframe>", "<title>"]) + phrase()
        case 15:
            let text = phrase()
            return random.pick(["[\(text)][r1]", "[r1] \(text)", "[R2][] \(text)", "_\(text)_", "__\(text)__", "~\(text)~"])
        case 16:
            let text = phrase()
            return random.pick(["\(text)@example.com", "*\(text)", "[\(text)", "a < b > \(text)", "été\t\(text)"])
        default: return random.pick(["javascript:alert(1)", "[x](javascript:alert(1))", "`` ` ``", "\\[\(phrase())]"])
        }
    }

    /// One block, its lines joined with newlines, no trailing newline.
    private mutating func block(depth: Int) -> String {
        let kinds = depth > 0 ? (exotic ? 15 : 12) : 5
        switch random.below(kinds) {
        case 0, 1: return paragraph(depth: depth)
        case 2: return heading(depth: depth)
        case 3: return fencedCode()
        case 4: return random.pick(["---", "***", "___", "* * *"])
        case 5, 6: return list(depth: depth)
        case 7: return quote(depth: depth)
        case 8: return alert(depth: depth)
        case 9: return table(depth: depth)
        case 10: return htmlBlock(depth: depth)
        case 11: return heading(depth: depth)
        // Exotic blocks.
        case 12: return "    \(phrase())\n\n    \(phrase())"
        case 13:
            let text = phrase()
            return random.pick([
                "<!-- \(text)\n\(text) -->", "<?php \(text) ?>", "<!DOCTYPE html>", "<![CDATA[\n\(text)\n]]>",
                "<pre>\n\(text)\n\n\(text)</pre>", "<custom-tag>\n\(text)\n</custom-tag>",
            ])
        default: return "> \(phrase())\n\(phrase())\n>> \(phrase())"
        }
    }

    private mutating func paragraph(depth: Int) -> String {
        var text = inlines(depth: depth, context: .text)
        for _ in 0..<random.below(3) {
            text += random.pick(["\n", "\n", "  \n", "\\\n"]) + inlines(depth: depth, context: .text)
        }
        return text
    }

    private mutating func heading(depth: Int) -> String {
        let text = inlines(depth: min(depth, 2), context: .heading)
        if random.chance(15) { return "\(text)\n\(noLevelOne ? "---" : random.pick(["===", "---"]))" }
        let level = noLevelOne ? 2 + random.below(5) : 1 + random.below(6)
        let closing = random.chance(15) ? " " + String(repeating: "#", count: 1 + random.below(3)) : ""
        return String(repeating: "#", count: level) + " " + text + closing
    }

    private mutating func fencedCode() -> String {
        let fence = random.pick(["```", "~~~", "````"])
        let info = random.pick(["", "swift", "sh", "text title=\"x\""])
        let lines = (0..<(1 + random.below(3))).map { _ in random.pick(["", "  ", "<b>"]) + phrase() }
        return "\(fence)\(info)\n\(lines.joined(separator: "\n"))\n\(fence)"
    }

    private func indent(_ text: String, first: String, rest: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line in
            index == 0 ? first + line : (line.isEmpty ? "" : rest + line)
        }.joined(separator: "\n")
    }

    private mutating func list(depth: Int) -> String {
        let ordered = random.chance(40)
        let start = random.pick([1, 1, 3])
        let delimiter = random.pick([".", ")"])
        let bullet = random.pick(["-", "*", "+"])
        let loose = random.chance(30)
        var items: [String] = []
        for index in 0..<(1 + random.below(3)) {
            let marker = ordered ? "\(start + index)\(delimiter) " : "\(bullet) "
            // A task box is part of the item's text; continuation lines line up after the marker.
            let box = !ordered && random.chance(25) ? random.pick(["[ ] ", "[x] "]) : ""
            var body = paragraph(depth: depth - 1)
            if random.chance(35) { body += "\n\n" + block(depth: depth - 1) }
            items.append(indent(body, first: marker + box, rest: String(repeating: " ", count: marker.count)))
        }
        return items.joined(separator: loose ? "\n\n" : "\n")
    }

    private mutating func quote(depth: Int) -> String {
        let body = (0..<(1 + random.below(2))).map { _ in block(depth: depth - 1) }.joined(separator: "\n\n")
        return prefixQuote(body)
    }

    private func prefixQuote(_ body: String) -> String {
        body.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? ">" : "> \($0)" }
            .joined(separator: "\n")
    }

    private mutating func alert(depth: Int) -> String {
        let kind = random.pick(["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION", "note", "Tip"])
        // A marker with text after it on its line is a plain quote, as on GitHub.
        if random.chance(10) { return prefixQuote("[!\(kind)] " + paragraph(depth: depth - 1)) }
        let body = (0..<(1 + random.below(2))).map { _ in block(depth: depth - 1) }.joined(separator: "\n\n")
        return prefixQuote("[!\(kind)]" + random.pick(["\n", "\n\n"]) + body)
    }

    private mutating func table(depth: Int) -> String {
        let columns = 1 + random.below(4)
        func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        var lines = [row((0..<columns).map { _ in inlines(depth: min(depth, 1), context: .cell) })]
        lines.append(row((0..<columns).map { _ in random.pick(["---", ":--", "--:", ":-:"]) }))
        for _ in 0..<random.below(4) {
            // Cells beyond the header's count are dropped by GFM, so only exotic pages have them.
            let count = exotic ? 1 + random.below(columns + 1) : columns
            lines.append(row((0..<count).map { _ in inlines(depth: min(depth, 1), context: .cell) }))
        }
        return lines.joined(separator: "\n")
    }

    private mutating func htmlBlock(depth: Int) -> String {
        if random.chance(50) {
            return "<div class=\"box\">\n\n\(block(depth: depth - 1))\n\n</div>"
        }
        return random.pick(["<div class=\"box\">", "<details>", "<section>"]) + "\n\(phrase())\n"
            + random.pick(["</div>", "</details>", "</section>"])
    }
}
