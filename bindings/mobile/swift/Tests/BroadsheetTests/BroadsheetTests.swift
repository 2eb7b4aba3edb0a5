// XCTest cases for the Swift bindings (macOS: ./build-xcframework.sh && swift test). They
// mirror the Kotlin suite that scripts/test-mobile runs on the JVM.
import Foundation
import XCTest
@testable import Broadsheet

/// The workspace root, from this file's place in it.
let workspace = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let examplePath = workspace.appendingPathComponent("examples/data/wlp-kyrgyzstan.json").path
let defectivePath = workspace.appendingPathComponent("examples/data/wlp-kyrgyzstan-defective.json").path
let conformance = ProcessInfo.processInfo.environment["BROADSHEET_CONFORMANCE_DATA"]
    ?? workspace.deletingLastPathComponent().appendingPathComponent("shared/data").path

func wxr(_ name: String) -> String { "\(conformance)/wxr/wordpress-importer/\(name)" }

final class BroadsheetTests: XCTestCase {
    func openExample() throws -> Archive { try Archive.open(path: examplePath, options: OpenOptions()) }

    func testOpensTheExampleDataAndAWordPressExport() throws {
        let archive = try openExample()
        XCTAssertEqual(try archive.postCount(), 12)
        XCTAssertEqual(try archive.settings().timeZone, "America/New_York")
        let wordpress = try Archive.open(path: wxr("small-export.xml"), options: OpenOptions())
        let items = try wordpress.stats().items
        XCTAssertEqual(items.first { $0.kind == "post" && $0.status == "published" }?.count, 5)
        XCTAssertEqual(try wordpress.stats().authors, 3)
    }

    func testTagPageTotalAndCursorWalk() throws {
        let archive = try openExample()
        let page = try archive.query(query: Query(tag: "kyrgyzstan", perPage: 5))
        XCTAssertEqual(page.total, 12)
        XCTAssertEqual(page.totalPages, 3)
        XCTAssertEqual(page.posts.first?.id, 12)
        var walked: [UInt64] = []
        var cursor: String? = nil
        repeat {
            let next = try archive.query(query: Query(filter: "tag:kyrgyzstan", perPage: 5, cursor: cursor))
            walked += next.posts.map(\.id)
            cursor = next.nextCursor
        } while cursor != nil
        XCTAssertEqual(walked.count, 12)
        XCTAssertEqual(Set(walked).count, 12)
    }

    func testFilterStringErrorHasItsPosition() throws {
        let archive = try openExample()
        XCTAssertEqual(try archive.queryFilter(filter: "tag:kyrgyzstan+published_at:>'2013-01-01'").total, 4)
        XCTAssertThrowsError(try archive.queryFilter(filter: "tag:kyrgyzstan+published_at:>'2013-13-01'")) { error in
            guard case let BroadsheetError.Filter(_, position, column, _, found) = error else {
                return XCTFail("\(error)")
            }
            XCTAssertEqual(position, 29)
            XCTAssertEqual(column, 30)
            XCTAssertEqual(found, "'2013-13-01'")
        }
    }

    func testValidationIssuesHaveCodesAndPaths() throws {
        let issues = try Archive.open(path: defectivePath, options: OpenOptions()).validate()
        let missing = issues.filter { $0.code == "post.author.missing" }
        XCTAssertFalse(missing.isEmpty)
        XCTAssertTrue(missing.allSatisfy { $0.path.hasPrefix("posts[") && $0.path.hasSuffix("].authors") })
    }

    func testInvalidInputThrows() {
        XCTAssertThrowsError(try Archive.open(path: wxr("malformed.xml"), options: OpenOptions(strict: true)))
        XCTAssertThrowsError(try Archive.openBytes(bytes: Data((0..<4096).map { UInt8(($0 * 7919) % 251) }), options: OpenOptions()))
        XCTAssertThrowsError(try Archive.open(path: "/nonexistent/blog.xml", options: OpenOptions())) { error in
            guard case BroadsheetError.Io = error else { return XCTFail("\(error)") }
        }
    }

    func testDatesKeepTheSitesLocalCalendar() throws {
        let published = try XCTUnwrap(try openExample().postView(id: 12, viewer: nil)?.published)
        XCTAssertEqual(published.localDate, "2013-05-30")
        XCTAssertEqual(published.offsetSeconds, -4 * 3600)
    }

    func testEightReadersWhileOneEdits() throws {
        let archive = try openExample()
        let template = try XCTUnwrap(try archive.post(id: 1))
        let failures = NSLock()
        var failed: [String] = []
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            for i in 0..<100 {
                var copy = template
                copy = Post(id: 1000 + UInt64(i), sourceId: nil, kind: copy.kind, status: copy.status, title: "Copy \(i)",
                            slug: "copy-\(i)", content: copy.content, excerpt: copy.excerpt, authors: copy.authors,
                            terms: copy.terms, sticky: false, password: nil, parent: nil, menuOrder: 0, format: nil,
                            featuredMedia: nil, commentsOpen: true, pingsOpen: true, published: copy.published,
                            modified: nil, guid: nil, meta: [])
                _ = try? archive.insertPost(post: copy, lenient: false)
            }
        }
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<50 {
                do {
                    let page = try archive.query(query: Query(tag: "kyrgyzstan", perPage: 500))
                    if page.total != UInt64(page.posts.count) { throw BroadsheetError.Cancelled }
                } catch {
                    failures.lock(); failed.append("\(error)"); failures.unlock()
                }
            }
        }
        group.wait()
        XCTAssertEqual(failed, [])
        XCTAssertEqual(try archive.count(query: Query(tag: "kyrgyzstan")), 112)
    }

    func testAFeedParsesAsXml() throws {
        let rss = try openExample().feed(format: .rss, query: Query(tag: "kyrgyzstan"), fullContent: false)
        XCTAssertTrue(XMLParser(data: Data(rss.utf8)).parse())
    }

    func testTheSeedPageExample() throws {
        let text = try seedPage(path: examplePath)
        XCTAssertTrue(text.contains("Posted on 30 May 2013 by Gulbarchyn Jumabaevа"), text)
        XCTAssertTrue(text.contains("kyrgyzstan (22pt)"), text)
    }
}
