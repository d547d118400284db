import Foundation
import HandbookBuild
import Testing

/// Rebuilds write into the output of the build before last, updating files in place and
/// leaving unchanged ones alone; the result must be what a clean build writes.
@Suite struct RebuildTests {
    func edit(_ root: URL, _ path: String, _ change: (String) -> String) throws {
        let url = root.appendingPathComponent("Content/\(path)")
        try Data(change(try String(contentsOf: url, encoding: .utf8)).utf8).write(to: url)
    }

    @Test func rebuildsOverOldOutputEqualCleanBuilds() throws {
        let root = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(at: Fixtures.site.appendingPathComponent("Content"), to: root.appendingPathComponent("Content"))
        let output = root.appendingPathComponent("Output")
        func build() throws {
            let report = SiteBuilder.build(BuildOptions(root: root, output: output))
            #expect(report.succeeded, "\(report.diagnostics)")
        }
        func expectCleanBuildEqual() throws {
            let clean = try Fixtures.temporaryFolder().appendingPathComponent("Output")
            _ = SiteBuilder.build(BuildOptions(root: root, output: clean))
            let rebuilt = Fixtures.files(in: output), fresh = Fixtures.files(in: clean)
            #expect(rebuilt.keys.sorted() == fresh.keys.sorted())
            #expect(rebuilt.keys.filter { rebuilt[$0] != fresh[$0] }.sorted() == [])
        }
        try build()
        // A page grows, another is deleted, one is added: a clean staging folder.
        try edit(root, "guides/step-2.md") { $0 + "\n\nA paragraph added later, long enough to change the size.\n" }
        try FileManager.default.removeItem(at: root.appendingPathComponent("Content/guides/step-9.md"))
        try Data("---\ntitle: Step 3\n---\n\nNew.\n".utf8).write(to: root.appendingPathComponent("Content/guides/step-3.md"))
        try build()
        try expectCleanBuildEqual()
        // Now staging holds the first build: pages shrink, grow, vanish and appear against it.
        try edit(root, "guides/step-2.md") { $0.replacingOccurrences(of: "A paragraph added later", with: "Short") }
        try edit(root, "guides/step-1.md") { String($0.prefix(60)) + "\n" }
        try FileManager.default.removeItem(at: root.appendingPathComponent("Content/guides/step-10.md"))
        try build()
        try expectCleanBuildEqual()
        try build()
        try expectCleanBuildEqual()
    }
}
