import HandbookModel

/// One page listed in sitemap.xml.
public struct SitemapEntry: Sendable, Equatable {
    /// Site-relative URL, e.g. `roles/tpm/`; "" for the home page.
    public var url: String
    /// When the page last changed, seconds since 1970; nil when unknown.
    public var updated: Int?

    /// Creates an entry.
    public init(url: String, updated: Int?) {
        self.url = url
        self.updated = updated
    }
}

/// sitemap.xml (sitemaps.org protocol 0.9): every page's absolute address, with the day it last
/// changed where that is known. Written only when `base_url` is set, since a sitemap must list
/// absolute addresses.
public enum Sitemap {
    /// The file's text for a site served at `baseURL` (ending in `/`).
    public static func xml(baseURL: String, entries: [SitemapEntry]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for entry in entries {
            out += "<url><loc>\(XML.escape(SiteAddress.absolute(baseURL, entry.url)))</loc>"
            if let updated = entry.updated { out += "<lastmod>\(UTCDate.day(updated))</lastmod>" }
            out += "</url>\n"
        }
        out += "</urlset>\n"
        return out
    }
}
