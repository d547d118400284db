import Foundation
@_exported import HandbookModel

/// What to build and how.
public struct BuildOptions: Sendable {
    /// The folder that holds Content/ and optionally Themes/.
    public var root: URL
    /// Where the site is written; default ROOT/Output.
    public var output: URL
    /// Include pages marked `draft: true`.
    public var includeDrafts: Bool
    /// Render on one thread (for the test that parallel output equals serial output).
    public var serial: Bool
    /// Write the whole site even when the content has errors (`--keep-going`): every
    /// diagnostic is still reported and the exit code is still 1, but a team bringing a
    /// handbook can read it while fixing it page by page.
    public var keepGoing = false
    /// Read the Git repository the site is in: each page's last commit date, and the repository's
    /// top level as the root for CODEOWNERS and "Edit this page" paths. Off, the folder that holds
    /// Content/ is taken as the whole repository and pages have only the dates their front matter
    /// gives (the golden files must not change with every commit of this repository).
    public var useGit: Bool
    /// SOURCE_DATE_EPOCH, in seconds since 1970: no date on the site is later, so a build of the
    /// same commit gives the same bytes whenever it runs.
    public var sourceDateEpoch: Int?
    /// Told where the build is: each step as it starts (with no count), and pages as the render
    /// step makes them. Called from many threads; it must return at once.
    public var progress: (@Sendable (BuildProgress) -> Void)?

    /// Creates options; `output` defaults to `root/Output`.
    public init(
        root: URL, output: URL? = nil, includeDrafts: Bool = false, serial: Bool = false, useGit: Bool = true,
        sourceDateEpoch: Int? = nil
    ) {
        self.root = root
        self.output = output ?? root.appendingPathComponent("Output")
        self.includeDrafts = includeDrafts
        self.serial = serial
        self.useGit = useGit
        self.sourceDateEpoch = sourceDateEpoch
    }
}

/// Where a build is, for a progress line.
public struct BuildProgress: Sendable {
    /// The step under way (`load`, `render`, ...).
    public var step: String
    /// Items done in this step, and how many there are; 0 of 0 when the step does not count.
    public var done: Int
    public var total: Int
}

/// How long one named step of the build took.
public struct StepTiming: Sendable {
    public var name: String
    public var seconds: Double
}

/// What a build did: counts, timings and every diagnostic.
public struct BuildReport: Sendable {
    /// Pages rendered, generated pages included; redirects and 404.html are not pages.
    public var pages: Int = 0
    /// Files written to the output folder.
    public var files: Int = 0
    /// Pages made through their templates rather than taken from the previous build's memo.
    public var renderedPages: Int = 0
    /// Markdown bodies rendered with cmark-gfm rather than taken from the memo.
    public var renderedBodies: Int = 0
    /// The pages' Markdown bodies, rendered, taken from the memo or the build cache, or part of
    /// a page taken whole from the last build.
    public var bodies: Int = 0
    /// Pages taken whole from the last `handbook build`, neither rendered nor written: nothing
    /// they show changed (see `PageReuse`).
    public var reusedPages: Int = 0
    /// Each step with its time, in order.
    public var steps: [StepTiming] = []
    /// Every diagnostic, sorted by file and line.
    public var diagnostics: [HandbookModel.Diagnostic] = []
    /// Wall time of the whole build.
    public var seconds: Double = 0
    /// Nothing changed since the last build into this output, which still holds its files:
    /// nothing was read beyond `stat`, and nothing was written.
    public var unchanged = false

    /// Whether the output was written.
    public var succeeded: Bool { !diagnostics.contains { $0.severity == .error } }

    /// The command's exit code: 0 success, 1 errors in the content, 2 the environment failed
    /// (unreadable input, unwritable or unsafe output, full disk).
    public var exitCode: Int32 {
        if diagnostics.contains(where: { $0.severity == .error && $0.isEnvironment }) { return 2 }
        return succeeded ? 0 : 1
    }
}
