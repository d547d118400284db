import Foundation
import HandbookModel

/// 404.html: the page a static host serves for any missing address, at any depth.
///
/// Served as `/a/b/c/missing`, no relative URL of the page would reach the site, so the page
/// needs none to be read: the stylesheet, the theme script and the icon are inside it, and the
/// link home is `base_url` when set (else `index.html`, right when it is opened at the root).
/// Its script then finds the site's root and puts the links and the search box right.
public enum NotFoundPage {
    /// Whether the site has a home page for 404.html to lead to: a site without pages has
    /// none, and then no 404.html.
    public static func isWritten(for site: Site) -> Bool { site.pages.values.contains { $0.url.isEmpty } }

    /// The page, rendered with the theme's `404` template.
    public static func render(site: Site, theme: Theme) -> String {
        var context: [String: TemplateValue] = [
            "site": site.config.templateValues,
            "page": ["title": "Page not found", "heading": "Page not found", "kind": "notFound"],
            "homeURL": .string(site.config.baseURL.map { $0 + "index.html" } ?? "index.html"),
            "styleURL": .string(dataURL("text/css", theme.assets["assets/style.css"])),
            "themeScript": .string(text(theme.assets["assets/theme.js"])),
        ]
        if let base = site.config.baseURL { context["baseURL"] = .string(base) }
        if let icon = theme.assets["assets/favicon.svg"] { context["icon"] = .string(dataURL("image/svg+xml", icon)) }
        return theme.render("404", context)
    }

    /// The stylesheet and the icon travel inside the page as `data:` addresses: they load at
    /// any depth and from disk. (A `<style>` element would do as well in browsers, but HTML
    /// checkers then check the CSS with rules older than the theme's.)
    private static func dataURL(_ type: String, _ data: Data?) -> String {
        "data:\(type);base64,\((data ?? Data()).base64EncodedString())"
    }

    /// Inlined text must not end the element it sits in.
    private static func text(_ data: Data?) -> String {
        guard let data else { return "" }
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
    }
}
