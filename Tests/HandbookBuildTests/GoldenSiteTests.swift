import Foundation
import HandbookBuild
import Testing

/// The fixture site under Tests/Fixtures/site, built end to end and compared with the HTML
/// committed in Tests/Fixtures/expected. Regenerate with `scripts/update-golden.sh` and
/// review the diff like code.
@Suite struct GoldenSiteTests {
    @Test func fixtureSiteMatchesGoldenFiles() throws {
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        // The fixture lives in this repository: its Git dates would change the golden files with
        // every commit. Its dates come from `updated:` instead (GitDateTests covers Git).
        let report = SiteBuilder.build(BuildOptions(root: Fixtures.site, output: output, useGit: false))
        #expect(report.diagnostics.isEmpty, "\(report.diagnostics)")
        // Pages and the search index are golden; theme assets are checked by the browser suite.
        let built = Fixtures.files(in: output).filter { !$0.key.hasPrefix("assets/") }
        if Fixtures.updating {
            try? FileManager.default.removeItem(at: Fixtures.expected)
            for (path, data) in built {
                let url = Fixtures.expected.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            return
        }
        let expected = Fixtures.files(in: Fixtures.expected)
        // An empty build compared with a missing golden folder would match.
        #expect(expected.count >= 20, "Tests/Fixtures/expected should hold the golden site")
        #expect(Set(built.keys) == Set(expected.keys), "files differ from the golden set")
        for (path, data) in expected.sorted(by: { $0.key < $1.key }) {
            let got = built[path].map { String(decoding: $0, as: UTF8.self) }
            #expect(got == String(decoding: data, as: UTF8.self), "\(path) differs from Tests/Fixtures/expected/\(path)")
        }
    }

    @Test func everyLinkIsRelativeAndResolves() throws {
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        let report = SiteBuilder.build(BuildOptions(root: Fixtures.site, output: output))
        #expect(report.succeeded)
        #expect(Fixtures.brokenLinks(in: output) == [])
    }

    @Test func draftsAreLeftOutUnlessAsked() throws {
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        // A failed build writes no page at all, which would prove nothing about drafts.
        #expect(SiteBuilder.build(BuildOptions(root: Fixtures.site, output: output)).succeeded)
        #expect(!FileManager.default.fileExists(atPath: output.appendingPathComponent("roles/intern/index.html").path))
        let withDrafts = SiteBuilder.build(BuildOptions(root: Fixtures.site, output: output, includeDrafts: true))
        #expect(withDrafts.succeeded)
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("roles/intern/index.html").path))
    }

    @Test func staticFilesAreCopiedBesideTheirPages() throws {
        let output = try Fixtures.temporaryFolder().appendingPathComponent("Output")
        _ = SiteBuilder.build(BuildOptions(root: Fixtures.site, output: output))
        let html = try String(contentsOf: output.appendingPathComponent("guides/deep/nested/index.html"), encoding: .utf8)
        #expect(html.contains(#"<img src="../../../guides/deep/diagram.svg" alt="A diagram" />"#))
        #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent("guides/deep/diagram.svg").path))
    }

    @Test func naturalOrderPutsStepTenAfterStepNine() throws {
        let (site, report) = SiteBuilder.render(BuildOptions(root: Fixtures.site))
        #expect(report.succeeded)
        let nav = try #require(site?.files.first { $0.path == "guides/step-1/index.html" })
        let html = String(decoding: nav.data, as: UTF8.self)
        let order = ["Step 1<", "Step 2<", "Step 9<", "Step 10<"].map { html.range(of: $0)!.lowerBound }
        #expect(order == order.sorted())
    }
}
