import Foundation
import JamforReport
import JamforWire

// Writes the test fixtures' pages, Swedish and English, into DIR/sv and DIR/en:
// index.html and one page per KKVH member. Usage: ReportSamples DIR
let arguments = CommandLine.arguments.dropFirst()
guard arguments.count == 1, let directory = arguments.first else {
    FileHandle.standardError.write(Data("usage: ReportSamples DIR\n".utf8))
    exit(2)
}

let root = URL(fileURLWithPath: directory, isDirectory: true)
do {
    for locale in ReportLocale.allCases {
        let folder = root.appendingPathComponent(locale.rawValue, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let index = Report.html(ReportFixtures.indexPage(), locale: locale)
        try Data(index.utf8).write(to: folder.appendingPathComponent(Report.indexFileName))
        print(folder.appendingPathComponent(Report.indexFileName).path)
        for member in ReportFixtures.members {
            let page = Report.html(ReportFixtures.memberPage(member), locale: locale)
            let file = folder.appendingPathComponent(Report.fileName(for: member))
            try Data(page.utf8).write(to: file)
            print(file.path)
        }
    }
} catch {
    FileHandle.standardError.write(Data("ReportSamples: \(error)\n".utf8))
    exit(1)
}
