import Foundation
import Synchronization

/// A site kept in memory and rebuilt as its files change: what `handbook serve` serves.
///
/// Each `update` returns a new snapshot; a snapshot whose build had errors keeps the files of
/// the last good one, so a preview never shows a broken site, and carries the diagnostics to
/// show instead.
package final class LiveSite: Sendable {
    /// One state of the site.
    package struct Snapshot: Sendable {
        /// Every file of the last successful build, by path inside the site.
        package var files: [String: Data]
        /// The report of the latest build, good or not.
        package var report: BuildReport
        /// Counts builds, from 1.
        package var generation: Int
        /// Paths whose bytes differ from the snapshot before (empty when the build failed).
        package var changed: Set<String>

        /// Whether the latest build succeeded; otherwise `files` are the last good ones.
        package var isCurrent: Bool { report.succeeded }
    }

    private let options: BuildOptions
    private let state = Mutex<(snapshot: Snapshot?, memo: BuildMemo?)>((nil, nil))

    /// A site at `options.root`, not built yet.
    package init(options: BuildOptions) {
        self.options = options
    }

    /// The latest snapshot, nil before the first `update`.
    package var snapshot: Snapshot? { state.withLock { $0.snapshot } }

    /// Rebuilds the site after the files at `paths` (relative to the root) changed; nil means
    /// anything may have changed. Only the pages whose inputs changed are made again (see
    /// `BuildMemo`); the result is what a clean build makes. Not to be called from two threads
    /// at once.
    package func update(changed paths: Set<String>? = nil) -> Snapshot {
        let (previous, memo) = state.withLock { ($0.snapshot, $0.memo) }
        // Files copied from Content/ are read again only when they changed.
        let reuse: (String) -> Data? = { path in
            guard let paths, !paths.contains("Content/" + path) else { return nil }
            return previous?.files[path]
        }
        let (files, report, nextMemo) = SiteBuilder.renderIncrementally(options, memo: memo, copied: reuse)
        var next = Snapshot(
            files: previous?.files ?? [:], report: report, generation: (previous?.generation ?? 0) + 1, changed: [])
        if let files {
            next.changed = Set(files.keys.filter { next.files[$0] != files[$0] }).union(next.files.keys.filter { files[$0] == nil })
            next.files = files
        }
        state.withLock { $0 = (next, nextMemo ?? memo) }
        return next
    }
}
