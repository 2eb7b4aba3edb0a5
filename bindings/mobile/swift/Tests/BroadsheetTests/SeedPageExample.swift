// The Swift example of docs/mobile.md: the seed page's "kyrgyzstan" tag archive (dates,
// authors, tags, comment counts) and its tag cloud.
import Foundation
import Broadsheet

func seedPage(path: String) throws -> String {
    let archive = try Archive.open(path: path, options: OpenOptions())
    let page = try archive.query(query: Query(tag: "kyrgyzstan", perPage: 12))
    var lines = ["Tag Archive | \"kyrgyzstan\" (\(page.total) posts)"]
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "d MMMM yyyy"
    formatter.timeZone = TimeZone(identifier: "UTC")
    for post in page.posts {
        // The site's local calendar day, as "Posted on" shows it.
        let date = post.published.flatMap { time in
            DateComponents(calendar: Calendar(identifier: .gregorian), timeZone: TimeZone(identifier: "UTC"),
                           year: Int(time.year), month: Int(time.month), day: Int(time.day)).date
        }.map(formatter.string(from:)) ?? ""
        lines.append("Tags: " + post.terms.filter { $0.taxonomy == "post_tag" }.map(\.name).joined(separator: ", "))
        lines.append(post.title)
        lines.append("Posted on \(date) by " + post.authors.map(\.displayName).joined(separator: ", "))
        lines.append("Comments (\(post.commentCount))")
    }
    let cloud = try archive.tagCloud(query: Query(), options: CloudOptions())
    lines.append("Tag cloud: " + cloud.map { "\($0.name) (\($0.cssFontSize))" }.joined(separator: " "))
    return lines.joined(separator: "\n")
}
