import Foundation
import Synchronization
import Testing

@testable import HandbookServe

#if canImport(Glibc)
    import Glibc
#endif

/// The batches of changed paths the watcher reports, with inotify and by polling.
@Suite(.timeLimit(.minutes(1))) struct SiteWatcherTests {
    final class Batches: Sendable {
        let received = Mutex<[Set<String>?]>([])

        /// Waits until `count` batches arrived, then `quiet` more, and returns them all.
        func wait(for count: Int, quiet: Duration) async -> [Set<String>?] {
            let end = ContinuousClock.now + .seconds(10)
            while received.withLock({ $0.count }) < count, ContinuousClock.now < end {
                try? await Task.sleep(for: .milliseconds(20))
            }
            try? await Task.sleep(for: quiet)
            return received.withLock { $0 }
        }
    }

    func makeRoot() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("handbook-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Content/roles"), withIntermediateDirectories: true)
        try Data("title: Site\n".utf8).write(to: root.appendingPathComponent("Content/site.yml"))
        try Data("---\ntitle: A\n---\n".utf8).write(to: root.appendingPathComponent("Content/roles/a.md"))
        return root
    }

    @Test(arguments: [SiteWatcher.Mode.automatic, .polling])
    func aRenameSaveIsOneBatchThatNamesThePage(mode: SiteWatcher.Mode) async throws {
        let root = try makeRoot()
        let batches = Batches()
        // A settle window well above the 15 ms between the editor's two steps, so that a loaded
        // machine does not split them; without settling they are two batches.
        let watcher = SiteWatcher(SiteWatcher.Options(root: root, mode: mode, settle: .milliseconds(150))) { batch in
            batches.received.withLock { $0.append(batch) }
        }
        defer { watcher.stop() }
        #expect(watcher.usesPolling == (mode == .polling))
        try await EditorSave.byRename(root.appendingPathComponent("Content/roles/a.md"), "---\ntitle: A, saved\n---\n")
        // A hidden file is never the build's business.
        try Data("x".utf8).write(to: root.appendingPathComponent("Content/roles/.a.md.swp"))
        let received = await batches.wait(for: 1, quiet: mode == .polling ? .milliseconds(1200) : .milliseconds(300))
        #expect(received.count == 1, "\(received)")
        #expect(received.first??.contains("Content/roles/a.md") == true, "\(received)")
        #expect(received.first??.contains("Content/roles/.a.md.swp") == false)
    }

    /// A page closed after writing is a whole save: it is sent without waiting for the settle
    /// window, which still holds back a file that is being written.
    @Test func aWholeSaveIsSentWithoutWaitingForTheSettleWindow() async throws {
        let root = try makeRoot()
        let batches = Batches()
        let start = Mutex<ContinuousClock.Instant?>(nil)
        let delays = Mutex<[Duration]>([])
        let watcher = SiteWatcher(SiteWatcher.Options(root: root, settle: .seconds(3), saved: .milliseconds(5), longest: .seconds(6))) {
            batch in
            if let begun = start.withLock({ $0 }) { delays.withLock { $0.append(begun.duration(to: .now)) } }
            batches.received.withLock { $0.append(batch) }
        }
        defer { watcher.stop() }
        start.withLock { $0 = .now }
        try Data("---\ntitle: A, saved\n---\n".utf8).write(to: root.appendingPathComponent("Content/roles/a.md"))
        let received = await batches.wait(for: 1, quiet: .zero)
        #expect(received == [["Content/roles/a.md"]])
        // Well under the 3 s window, even on a loaded machine.
        #expect(delays.withLock { $0 }.allSatisfy { $0 < .seconds(2) }, "\(delays.withLock { $0 })")

        // A file held open for writing waits for the window (the write has not ended).
        let handle = try FileHandle(forWritingTo: root.appendingPathComponent("Content/roles/a.md"))
        start.withLock { $0 = .now }
        handle.write(Data("more".utf8))
        let held = await batches.wait(for: 2, quiet: .zero)
        try handle.close()
        #expect(held.count == 2)
        #expect(delays.withLock { $0 }.last.map { $0 >= .seconds(3) } == true, "\(delays.withLock { $0 })")
    }

    @Test func aNewFolderMeansAnythingMayHaveChangedAndIsWatchedFromThen() async throws {
        let root = try makeRoot()
        let batches = Batches()
        let watcher = SiteWatcher(SiteWatcher.Options(root: root)) { batch in batches.received.withLock { $0.append(batch) } }
        defer { watcher.stop() }
        let folder = root.appendingPathComponent("Content/roles/deep")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let first = await batches.wait(for: 1, quiet: .milliseconds(200))
        #expect(first.count == 1 && first.first! == nil, "\(first)")
        try Data("new".utf8).write(to: folder.appendingPathComponent("b.md"))
        let second = await batches.wait(for: 2, quiet: .zero)
        #expect(second.count == 2 && second.last! == ["Content/roles/deep/b.md"], "\(second)")
        // Themes/ did not exist at the start; its appearance is noticed from the root.
        try FileManager.default.createDirectory(at: root.appendingPathComponent("Themes"), withIntermediateDirectories: true)
        let third = await batches.wait(for: 3, quiet: .zero)
        #expect(third.count == 3 && third.last! == nil)
    }
}
