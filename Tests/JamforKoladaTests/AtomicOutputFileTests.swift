import Foundation
import Testing

@testable import JamforKolada

@Suite struct AtomicOutputFileTests {
    private func write(_ rows: Int, to output: AtomicOutputFile) throws {
        let writer = KoladaDataWriter(sink: output.sink)
        for index in 0..<rows {
            try writer.append(
                KoladaRow(kpi: "N05401", municipality: String(1000 + index), year: 2022, value: Double(index))
            )
        }
        try writer.finish()
    }

    @Test func commitMakesTheCompleteFileAppear() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/export.json"
            let output = try AtomicOutputFile(path: path)
            #expect(output.partialPath.hasPrefix(directory + "/.export.json.partial-"))
            try write(50_000, to: output)
            // Finished by the writer but not committed: only the partial file exists.
            #expect(try directoryListing(directory) == [String(output.partialPath.dropFirst(directory.count + 1))])
            try output.commit()
            #expect(output.isCommitted)
            #expect(try directoryListing(directory) == ["export.json"])
            #expect(try KoladaDataReader.readAll(path: path).values.count == 50_000)
            #expect(throws: KoladaWriteError.closed(path: path)) { try output.commit() }
        }
    }

    @Test func commitFinishesTheSinkItself() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/export.json.gz"
            let output = try AtomicOutputFile(path: path, compression: .gzip())
            try Array("{\"values\": []}".utf8).withUnsafeBytes { try output.sink.write($0) }
            try output.commit()
            #expect(try KoladaDataReader.readAll(path: path).summary.isCompressed)
            #expect(try directoryListing(directory) == ["export.json.gz"])
        }
    }

    @Test func discardLeavesNothingAndKeepsTheOldTarget() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/export.json"
            try Data("old".utf8).write(to: URL(fileURLWithPath: path))
            let output = try AtomicOutputFile(path: path, compression: .gzip(level: 1))
            let writer = KoladaDataWriter(sink: output.sink)
            for index in 0..<100_000 {
                try writer.append(KoladaRow(kpi: "N05401", municipality: String(index), year: 2022, value: 1))
            }
            #expect(try directoryListing(directory).count == 2)
            output.discard()
            output.discard()
            #expect(try directoryListing(directory) == ["export.json"])
            #expect(try fileBytes(path) == Array("old".utf8))
            // The cancelled export's writer can go no further.
            #expect(throws: KoladaWriteError.self) { try writer.finish() }
            #expect(throws: KoladaWriteError.closed(path: path)) { try output.commit() }
        }
    }

    @Test func droppingWithoutCommitRemovesThePartialFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/export.json"
            try Data("old".utf8).write(to: URL(fileURLWithPath: path))
            var partial = ""
            do {
                let output = try AtomicOutputFile(path: path)
                partial = output.partialPath
                try write(10, to: output)
                #expect(FileManager.default.fileExists(atPath: partial))
            }
            #expect(!FileManager.default.fileExists(atPath: partial))
            #expect(try directoryListing(directory) == ["export.json"])
            #expect(try fileBytes(path) == Array("old".utf8))
        }
    }

    @Test func commitReplacesAnExistingTargetKeepingItsPermissions() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/export.json"
            try Data("old".utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
            let output = try AtomicOutputFile(path: path)
            try write(3, to: output)
            try output.commit()
            #expect(try KoladaDataReader.readAll(path: path).values.count == 3)
            let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(permissions == 0o640)
        }
    }

    @Test func commitWithoutReplacingKeepsATargetMadeMeanwhile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/export.json"
            let output = try AtomicOutputFile(path: path)
            try write(3, to: output)
            // Another writer takes the name after the output was started.
            try Data("theirs".utf8).write(to: URL(fileURLWithPath: path))
            #expect(throws: KoladaWriteError.targetExists(path: path)) { try output.commit(replacing: false) }
            #expect(try fileBytes(path) == Array("theirs".utf8))
            #expect(try directoryListing(directory) == ["export.json"])
            #expect(!output.isCommitted)
        }
    }

    @Test func commitWithoutReplacingPlacesTheFileWhenTheNameIsFree() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/export.json"
            let output = try AtomicOutputFile(path: path)
            try write(3, to: output)
            try output.commit(replacing: false)
            #expect(try directoryListing(directory) == ["export.json"])
            #expect(try KoladaDataReader.readAll(path: path).values.count == 3)
        }
    }

    @Test func pathsWithoutADirectoryUseTheCurrentOne() {
        #expect(AtomicOutputFile.split("export.json") == (".", "export.json"))
        #expect(AtomicOutputFile.split("/export.json") == ("/", "export.json"))
        #expect(AtomicOutputFile.split("a/b/c.json.gz") == ("a/b", "c.json.gz"))
    }

    @Test func aMissingDirectoryFailsUpFront() {
        #expect {
            try AtomicOutputFile(path: "/nonexistent-jamfor/export.json")
        } throws: { error in
            guard case KoladaWriteError.cannotCreate(let path, ENOENT) = error else { return false }
            return path.hasPrefix("/nonexistent-jamfor/.export.json.partial-")
        }
        #expect(throws: KoladaWriteError.invalidCompressionLevel(12)) {
            try AtomicOutputFile(path: "/tmp/never.json", compression: .gzip(level: 12))
        }
    }
}
