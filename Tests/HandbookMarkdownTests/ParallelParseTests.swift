import Dispatch
import HandbookMarkdown
import Synchronization
import Testing

/// cmark-gfm 0.29 keeps the inline trigger characters of strikethrough and autolink in one
/// process-wide table, so only block parsing runs in parallel; parses on all cores must give
/// what a lone parse gives, for renderers that need those characters and ones that must not
/// see them.
@Suite struct ParallelParseTests {
    static let renderers = [
        MarkdownRenderer(),
        MarkdownRenderer(options: MarkdownOptions(extensions: [])),
        MarkdownRenderer(options: MarkdownOptions(extensions: [.strikethrough, .table])),
        MarkdownRenderer(options: MarkdownOptions(extensions: [.autolink])),
    ]

    static func text(_ index: Int) -> String {
        """
        Keep ~~old~~ new \(index), *~~both~~* and **~x\(index)**, then visit https://example.com/\(index) \
        or www.example.org/\(index) and write to team\(index)@example.com.

        | a | ~~b~~ |
        |---|---|
        | https://x.example/\(index) | ~~\(index)~~ |

        - [x] done ~~\(index)~~ www.\(index).example.net
        - [ ] open[^\(index)]

        [^\(index)]: A note with ~strike~ and http://n.example/\(index).
        """
    }

    @Test func parsesOnAllCoresEqualLoneParses() {
        let jobs = 4000
        let expected = (0..<jobs).map { Self.renderers[$0 % Self.renderers.count].render(Self.text($0 % 97)).html }
        let results = Mutex([String](repeating: "", count: jobs))
        DispatchQueue.concurrentPerform(iterations: jobs) { job in
            let html = Self.renderers[job % Self.renderers.count].render(Self.text(job % 97)).html
            results.withLock { $0[job] = html }
        }
        let differing = results.withLock { got in (0..<jobs).filter { got[$0] != expected[$0] } }
        #expect(differing.isEmpty, "\(differing.count) of \(jobs) parses differ, e.g. job \(differing.first ?? -1)")
        // The renderers really differ, so a table left in the wrong state would show.
        #expect(expected[0].contains("<del>old</del>") && expected[0].contains(#"<a href="http://www.example.org/0">"#))
        #expect(!expected[1].contains("<del>") && !expected[1].contains("<a href=\"https://example.com"))
        #expect(expected[2].contains("<del>old</del>") && !expected[2].contains("<a href=\"https://example.com"))
        #expect(!expected[3].contains("<del>") && expected[3].contains(#"<a href="https://example.com/3">"#))
    }
}
