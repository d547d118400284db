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
    private let state = Mutex<(snapshot: Snapshot?, live: LiveState?)>((nil, nil))

    /// A site at `options.root`, not built yet.
    package init(options: BuildOptions) {
        self.options = options
    }

    /// The latest snapshot, nil before the first `update`.
    package var snapshot: Snapshot? { state.withLock { $0.snapshot } }

    /// Rebuilds the site after the files at `paths` (relative to the root) changed; nil means
    /// anything may have changed. When only page bodies changed, only those pages, the search
    /// shards of their terms and the link checks are made again (`LiveState`); otherwise every
    /// stage runs, taking unchanged work from the memo (`BuildMemo`). Either way the result is
    /// what a clean build makes. Not to be called from two threads at once.
    package func update(changed paths: Set<String>? = nil) -> Snapshot {
        // Taken out, so that the state's tables are held once and change in place.
        let (previous, taken) = state.withLock { state in
            defer { state.live = nil }
            return (state.snapshot, state.live)
        }
        var live = consume taken
        if let paths, let previous, live != nil, let update = live!.update(paths, options: options) {
            let files = live!.files
            var next = Snapshot(files: previous.files, report: update.report, generation: previous.generation + 1, changed: [])
            if update.report.succeeded {
                if previous.isCurrent {
                    next.changed = Set(update.touched.filter { previous.files[$0] != files[$0] })
                } else {
                    next.changed = Self.differences(previous.files, files)
                }
                next.files = files
            }
            state.withLock { $0 = (next, live) }
            return next
        }
        // Files copied from Content/ are read again only when they changed since the latest
        // build, good or not.
        let latest = live?.files
        let reuse: (String) -> Data? = { path in
            guard let paths, !paths.contains("Content/" + path) else { return nil }
            return latest?[path]
        }
        let (report, nextLive) = SiteBuilder.renderIncrementally(options, memo: live?.memo, copied: reuse)
        var next = Snapshot(
            files: previous?.files ?? [:], report: report, generation: (previous?.generation ?? 0) + 1, changed: [])
        if report.succeeded, let files = nextLive?.files {
            next.changed = Self.differences(next.files, files)
            next.files = files
        }
        state.withLock { $0 = (next, nextLive ?? live) }
        return next
    }

    /// The paths whose bytes differ between two sites, or that only one has.
    private static func differences(_ old: [String: Data], _ new: [String: Data]) -> Set<String> {
        Set(new.keys.filter { old[$0] != new[$0] }).union(old.keys.filter { new[$0] == nil })
    }
}
