/// The one page of each folder, chosen among the files that may each be it.
public struct FolderPages: Sendable {
    /// The pages that are built: each folder's landing page once.
    public var pages: [ParsedPage]
    /// Files that would also have been a folder's page, to the page that is: links to them
    /// still lead to the folder, so one mistake is not reported again at every link.
    public var sameAs: [PageID: PageID]
    /// One error per folder with more than one landing page.
    public var diagnostics: [Diagnostic]

    /// A folder without a page of its own whose sibling file has its name (`team.md` beside
    /// `team/`, as wp-cli's and many GitHub handbooks lay out their sections) takes that file
    /// as its page: both already have the address `team/`, and a page made for the folder
    /// would push the file out.
    private mutating func adoptSiblingPages() {
        var folders = Set<String>()
        for page in pages {
            var folder = page.id.folder
            while !folder.isEmpty, folders.insert(folder).inserted {
                folder = folder.contains("/") ? String(folder[..<folder.lastIndex(of: "/")!]) : ""
            }
        }
        let indexed = Set(pages.filter(\.id.isSectionIndex).map(\.id.folder))
        let adopted = Set(folders.subtracting(indexed).map { PageID($0 + ".md") })
        guard !adopted.isEmpty else { return }
        pages = pages.map { page in
            guard adopted.contains(page.id) else { return page }
            var folderPage = page
            folderPage.id = PageID(String(page.id.path.dropLast(3)) + "/_index.md")
            folderPage.linkSource = page.id
            sameAs[page.id] = folderPage.id
            return folderPage
        }
    }

    /// `_index.md`, `index.md` and `README.md` are each a folder's page; a folder with two of
    /// them is an error naming both, and the build goes on with the first of `_index.md`,
    /// `index.md`, `README.md`. The one place that decides which file is a folder's page.
    public static func choose(_ pages: [ParsedPage]) -> FolderPages {
        var byFolder: [String: [ParsedPage]] = [:]
        for page in pages where page.id.isSectionIndex { byFolder[page.id.folder, default: []].append(page) }
        var result = FolderPages(pages: [], sameAs: [:], diagnostics: [])
        var dropped = Set<PageID>()
        for (_, candidates) in byFolder.sorted(by: { $0.key < $1.key }) where candidates.count > 1 {
            let ordered = candidates.sorted { ($0.id.sectionIndexRank, $0.id.path) < ($1.id.sectionIndexRank, $1.id.path) }
            let kept = ordered[0]
            for other in ordered.dropFirst() {
                dropped.insert(other.id)
                result.sameAs[other.id] = kept.id
                result.diagnostics.append(
                    .error(
                        SourceLocation(file: other.file, line: 1, column: 1),
                        "\(other.file) and \(kept.file) would both be the page of \(kept.id.folder.isEmpty ? "the site's home" : "folder '\(kept.id.folder)/'")",
                        hint: "keep one of them (merge the other into it, or rename it); \(kept.id.path) is used for now",
                        check: .duplicateIndex))
            }
        }
        result.pages = pages.filter { !dropped.contains($0.id) }
        result.adoptSiblingPages()
        return result
    }
}
