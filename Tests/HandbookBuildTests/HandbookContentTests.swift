import Foundation
import HandbookBuild
import Testing

/// The handbook shipped in Content/ builds with no diagnostics and every link resolves.
@Suite struct HandbookContentTests {
    @Test func shippedHandbookBuildsCleanly() throws {
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        let report = SiteBuilder.build(BuildOptions(root: Fixtures.repository, output: output))
        #expect(report.diagnostics.map(\.description) == [])
        #expect(Fixtures.brokenLinks(in: output) == [])
        let comparison = try String(contentsOf: output.appendingPathComponent("comparisons/tpm-vs-pm/index.html"), encoding: .utf8)
        #expect(comparison.contains(#"<table class="comparison-table">"#))
    }

    @Test func noTableIsTypedByHand() throws {
        // Every table in the handbook compares roles, so each comes from entry data through
        // `compare:`; a Markdown table would be a second copy of facts kept on the entries.
        let folder = Fixtures.repository.appendingPathComponent("Content")
        let walker = try #require(FileManager.default.enumerator(atPath: folder.path), "Content/ cannot be read")
        var checked = 0
        while let name = walker.nextObject() as? String {
            guard name.hasSuffix(".md") else { continue }
            let text = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            #expect(!text.contains("\n| "), "Content/\(name) has a hand-typed table")
            checked += 1
        }
        #expect(checked >= 10, "only \(checked) pages found in Content/")
    }
}
