import Foundation

/// What the repository around the site says about its pages: where its root is (for CODEOWNERS
/// patterns and "Edit this page" paths), each file's last commit, and who owns what.
struct Repository: Sendable {
    /// The folder that holds Content/, seen from the repository's root: "" or `docs/handbook/`.
    var sitePrefix = ""
    /// Each file's last commit time under Content/, by path under Content/.
    var lastCommits: [String: Int] = [:]
    var codeOwners: CodeOwners?
    /// Lines of CODEOWNERS that GitHub would reject.
    var problems: [Diagnostic] = []

    /// The reading under way: git runs while the load step reads Content/.
    struct Reading {
        fileprivate var repository: Repository
        fileprivate var git: GitHistory?

        /// Waits for git and returns what was read.
        func finish() -> Repository {
            var repository = repository
            repository.lastCommits = git?.finish() ?? [:]
            return repository
        }
    }

    /// Finds the repository's root, reads CODEOWNERS and starts `git log`. Without `useGit`, the
    /// folder that holds Content/ counts as the repository's root and git is not run.
    static func start(siteRoot: URL, useGit: Bool) -> Reading {
        var repository = Repository()
        let site = siteRoot.standardizedFileURL.resolvingSymlinksInPath()
        var top = site
        var git: GitHistory?
        if useGit, let found = gitTopLevel(above: site) {
            top = found
            let inner = site.pathComponents.dropFirst(found.pathComponents.count)
            repository.sitePrefix = inner.map { $0 + "/" }.joined()
            git = GitHistory.start(siteRoot: site)
        }
        let climb = String(repeating: "../", count: repository.sitePrefix.split(separator: "/").count)
        for location in CodeOwners.locations {
            guard let data = FileManager.default.contents(atPath: top.appendingPathComponent(location).path) else { continue }
            let (owners, problems) = CodeOwners.parse(String(decoding: data, as: UTF8.self), file: climb + location)
            repository.codeOwners = owners
            repository.problems = problems
            break
        }
        return Reading(repository: repository, git: git)
    }

    /// The nearest folder at or above `folder` that holds `.git` (a folder, or a file in a
    /// worktree): the repository's top level, found without running git.
    static func gitTopLevel(above folder: URL) -> URL? {
        var current = folder
        while true {
            if FileManager.default.fileExists(atPath: current.appendingPathComponent(".git").path) { return current }
            let parent = current.deletingLastPathComponent()
            guard parent.path != current.path, !parent.path.isEmpty else { return nil }
            current = parent
        }
    }

    /// Each page's facts: its date (front matter, else last commit, never after
    /// `sourceDateEpoch`), owners (front matter, else CODEOWNERS) and repository path.
    /// `files` are the Markdown files read from Content/: other pages were made by the build.
    func facts(for pages: [ParsedPage], files: Set<String>, sourceDateEpoch: Int?) -> [PageID: PageFacts] {
        var facts: [PageID: PageFacts] = [:]
        for page in pages {
            let id = page.id
            var fact = PageFacts()
            let hasFile = files.contains(id.path)
            if hasFile { fact.repositoryPath = sitePrefix + "Content/" + id.path }
            fact.updated = page.frontMatter.updated.flatMap(UTCDate.seconds(ofDay:)) ?? (hasFile ? lastCommits[id.path] : nil)
            if let epoch = sourceDateEpoch, let date = fact.updated { fact.updated = min(date, epoch) }
            if !page.frontMatter.owners.isEmpty {
                fact.owners = page.frontMatter.owners
            } else if let path = fact.repositoryPath {
                fact.owners = codeOwners?.owners(of: path) ?? []
            }
            facts[id] = fact
        }
        return facts
    }
}
