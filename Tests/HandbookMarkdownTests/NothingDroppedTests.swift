import HandbookMarkdown
import Testing

/// Whatever the author writes reaches the page: every word of thousands of generated pages
/// (headings of every level, inline HTML at the start, end and inside of everything, links,
/// code, lists, quotes, alerts, tables, footnotes) is in the rendered HTML's text exactly once,
/// or in the title when it was the page's leading `# Title`.
@Suite struct NothingDroppedTests {
    static let pages = 3000

    @Test func everyWordOfEveryGeneratedPageIsRendered() {
        let renderer = MarkdownRenderer()
        var failures: [(seed: UInt64, problems: [String], page: GeneratedPage, html: String)] = []
        var words = 0
        for seed in 0..<UInt64(Self.pages) {
            var generator = MarkdownGenerator(seed: seed)
            let page = generator.page()
            words += page.words.count
            // Links to pages are rewritten as the build does, so that rewrite is walked too.
            let result = renderer.render(page.markdown) { link in
                link.url.hasPrefix("page.md") || link.url.hasPrefix("../other.md") ? "../rewritten/index.html" : nil
            }
            let problems = Self.problems(page, result)
            if !problems.isEmpty { failures.append((seed, problems, page, result.html)) }
        }
        print("nothing dropped: \(Self.pages) generated pages, \(words) words, each in the HTML or the title")
        #expect(words > Self.pages * 10, "the generator should write pages of many words")
        if let first = failures.first {
            Issue.record(
                """
                \(failures.count) of \(Self.pages) pages lost or changed words; seeds \(failures.prefix(20).map(\.seed))
                first, seed \(first.seed): \(first.problems.joined(separator: "; "))
                --- markdown
                \(first.page.markdown)--- html
                \(first.html)
                """)
        }
    }

    /// What is wrong with one rendered page, if anything.
    static func problems(_ page: GeneratedPage, _ result: RenderedMarkdown) -> [String] {
        var problems: [String] = []
        let titled = Set(page.titleWords)
        let expected = page.words.filter { !titled.contains($0) }
        let got = tokens(inTextOf: result.html)
        if got != expected {
            let missing = Set(expected).subtracting(got).sorted(by: tokenOrder)
            let extra = Set(got).subtracting(expected).sorted(by: tokenOrder)
            var repeated: [String] = []
            var seen = Set<String>()
            for token in got where !seen.insert(token).inserted { repeated.append(token) }
            if !missing.isEmpty { problems.append("missing \(missing)") }
            if !extra.isEmpty { problems.append("not written \(extra)") }
            if !repeated.isEmpty { problems.append("repeated \(repeated)") }
            if missing.isEmpty, extra.isEmpty, repeated.isEmpty { problems.append("out of order") }
        }
        if !page.titleWords.isEmpty, tokens(inTextOf: result.title ?? "", isHTML: false) != page.titleWords {
            problems.append("title \(result.title.debugDescription) lacks \(page.titleWords)")
        }
        // Freed memory read by the renderer shows up as control bytes or replacement characters.
        let stray = result.html.unicodeScalars.filter { ($0.value < 0x20 && $0 != "\n") || $0 == "\u{FFFD}" || $0 == "\u{7F}" }
        if !stray.isEmpty { problems.append("stray characters \(stray.map { "U+\(String($0.value, radix: 16))" })") }
        return problems
    }

    /// `w12` before `w103`.
    static func tokenOrder(_ a: String, _ b: String) -> Bool { Int(a.dropFirst())! < Int(b.dropFirst())! }

    /// The `w<n>` tokens of an HTML text, in order, outside tags: ids, hrefs and other attributes
    /// (a heading's id repeats its words) do not count, and a tag separates words as a space.
    static func tokens(inTextOf html: String, isHTML: Bool = true) -> [String] {
        var result: [String] = []
        var inTag = false
        var current: [UInt8] = []
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A)
        }
        func flush() {
            if current.count > 1, current[0] == UInt8(ascii: "w"), current.dropFirst().allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
                result.append(String(decoding: current, as: UTF8.self))
            }
            current = []
        }
        for byte in html.utf8 {
            if inTag {
                if byte == UInt8(ascii: ">") { inTag = false }
                continue
            }
            if isHTML, byte == UInt8(ascii: "<") {
                flush()
                inTag = true
                continue
            }
            if isWordByte(byte) {
                current.append(byte)
            } else {
                flush()
            }
        }
        flush()
        return result
    }
}
