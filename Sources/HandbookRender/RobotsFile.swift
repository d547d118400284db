import HandbookModel

/// robots.txt: an internal handbook tells crawlers to stay out unless site.yml says otherwise.
public enum RobotsFile {
    /// The file's text for a site's `robots:` setting.
    public static func text(_ config: SiteConfig) -> String {
        switch config.robots {
        case .disallow:
            return "User-agent: *\nDisallow: /\n"
        case .allow:
            var text = "User-agent: *\nAllow: /\n"
            if let base = config.baseURL { text += "\nSitemap: \(SiteAddress.absolute(base, "sitemap.xml"))\n" }
            return text
        case .verbatim(let text):
            return text
        }
    }
}
