import Foundation
import HandbookBuild
import Testing

/// cmark-gfm's strikethrough and autolink extensions share process-wide state; this proves
/// the build's parser lock holds: many pages with `~~` and bare URLs render to the same bytes
/// on all cores as on one, and two builds give identical output.
@Suite struct ParallelBuildTests {
    @Test func parallelBuildEqualsSerialBuild() throws {
        let root = try Fixtures.temporaryFolder()
        let content = root.appendingPathComponent("Content")
        try FileManager.default.createDirectory(at: content.appendingPathComponent("notes"), withIntermediateDirectories: true)
        try Data("title: Parallel\n".utf8).write(to: content.appendingPathComponent("site.yml"))
        for index in 0..<400 {
            let text = """
                ---
                title: Note \(index)
                ---

                Keep ~~old~~ new \(index) and visit https://example.com/\(index) or www.example.org/\(index).

                | a | ~~b~~ |
                |---|---|
                | https://x.example/\(index) | ~~\(index)~~ |
                """
            try Data(text.utf8).write(to: content.appendingPathComponent("notes/note-\(index).md"))
        }
        let parallel = SiteBuilder.render(BuildOptions(root: root))
        let serial = SiteBuilder.render(BuildOptions(root: root, serial: true))
        let a = try #require(parallel.0), b = try #require(serial.0)
        #expect(a.files.map(\.path) == b.files.map(\.path))
        var differing: [String] = []
        for (x, y) in zip(a.files, b.files) where x.data != y.data { differing.append(x.path) }
        #expect(differing == [])
        let sample = String(decoding: a.files.first { $0.path == "notes/note-7/index.html" }!.data, as: UTF8.self)
        #expect(sample.contains("<del>old</del>"))
        #expect(sample.contains(#"<a href="https://example.com/7">"#))
        #expect(sample.contains(#"<a href="http://www.example.org/7">"#))
    }

    @Test func twoBuildsAreByteIdentical() throws {
        let first = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        let second = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        #expect(SiteBuilder.build(BuildOptions(root: Fixtures.site, output: first)).succeeded)
        #expect(SiteBuilder.build(BuildOptions(root: Fixtures.site, output: second)).succeeded)
        let files = Fixtures.files(in: first)
        // Two failed builds that wrote nothing would be equal too.
        #expect(files.count >= 20, "the fixture site should write at least 20 files")
        #expect(files == Fixtures.files(in: second))
    }
}
