import HandbookModel

/// Renders the sidebar: the section tree with the current page's sections open.
///
/// The markup depends only on the page's section and folder depth, so the build renders it
/// once per section and depth and marks the current page by one string replacement.
public struct NavRenderer: Sendable {
    /// Above this many pages, only the open sections list their pages, so the sidebar of a
    /// 10,000-page site stays small.
    public static let fullTreeLimit = 400

    let site: Site
    let fullTree: Bool

    /// Whether the sidebar lists every page of the site (small sites), or only the sections
    /// open above the current page.
    public static func showsEveryPage(of site: Site) -> Bool { site.pages.count <= fullTreeLimit }

    /// Creates a renderer for a site.
    public init(site: Site) {
        self.site = site
        self.fullTree = site.pages.count <= Self.fullTreeLimit
    }

    /// The sidebar for pages of `section` whose URLs are `depth` folders deep.
    public func render(section: String, depth: Int) -> String {
        let prefix = String(repeating: "../", count: depth)
        let open = Set(site.ancestry(of: section).map(\.id))
        var out = "<nav class=\"sidebar-nav\" aria-label=\"Handbook sections\">\n<ul class=\"nav-tree\">\n"
        out += "<li><a href=\"\(prefix)index.html\">Home</a></li>\n"
        if let root = site.sections[""] {
            appendChildren(of: root, prefix: prefix, open: open, to: &out)
        }
        out += "</ul>\n</nav>"
        return out
    }

    /// Marks the link to the current page in a rendered sidebar.
    public static func markCurrent(_ nav: String, href: String) -> String {
        let href = HTML.escape(href)
        return nav.replacingFirst("<a href=\"\(href)\">", with: "<a href=\"\(href)\" aria-current=\"page\">")
    }

    private func appendChildren(of section: Section, prefix: String, open: Set<String>, to out: inout String) {
        for child in SiteResolver.children(of: section, in: site) {
            switch child {
            case .page(let id):
                let page = site.pages[id]!
                let href = HTML.escape(joinRelative(prefix, page.url + "index.html"))
                out += "<li><a href=\"\(href)\">\(HTML.escape(page.title))</a></li>\n"
            case .section(let id):
                let sub = site.sections[id]!
                let isOpen = open.contains(id)
                let url = HTML.escape(joinRelative(prefix, id + "/index.html"))
                guard fullTree || isOpen else {
                    out += "<li class=\"nav-section\"><a href=\"\(url)\">\(HTML.escape(sub.title))</a></li>\n"
                    continue
                }
                out += "<li class=\"nav-section\"><details\(isOpen ? " open" : "")><summary>\(HTML.escape(sub.title))</summary>\n<ul>\n"
                if sub.index != nil {
                    out += "<li><a href=\"\(url)\">Overview</a></li>\n"
                }
                appendChildren(of: sub, prefix: prefix, open: open, to: &out)
                out += "</ul></details></li>\n"
            }
        }
    }
}
