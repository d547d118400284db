import Foundation
import Testing

@testable import HandbookBuild

/// The in-memory site the preview server serves: rebuilt on change, the last good files kept
/// while the content has errors.
@Suite struct LiveSiteTests {
    @Test func updatesReportWhatChangedAndKeepTheLastGoodSiteOnErrors() throws {
        let root = try OutputSafetyTests.makeSite()
        let live = LiveSite(options: BuildOptions(root: root))
        let first = live.update()
        #expect(first.isCurrent && first.generation == 1)
        #expect(first.files["index.html"] != nil)
        #expect(first.files["guides/deep/diagram.svg"] != nil, "files copied from Content/ are served too")

        try OutputSafetyTests.edit(root, "An edit seen by the preview.")
        let second = live.update(changed: ["Content/guides/step-2.md"])
        #expect(second.isCurrent && second.generation == 2)
        #expect(second.changed.contains("guides/step-2/index.html"))
        #expect(!second.changed.contains("roles/analyst/index.html"))
        let page = String(decoding: try #require(second.files["guides/step-2/index.html"]), as: UTF8.self)
        #expect(page.contains("An edit seen by the preview."))

        let broken = root.appendingPathComponent("Content/guides/step-1.md")
        try Data("---\ntitle: [unclosed\n---\n".utf8).write(to: broken)
        let third = live.update(changed: ["Content/guides/step-1.md"])
        #expect(!third.isCurrent)
        #expect(third.report.diagnostics.first?.location.file == "Content/guides/step-1.md")
        #expect(third.files == second.files, "a failed build keeps serving the last good site")
        #expect(third.changed.isEmpty)
    }
}
