#include "badinputs.h"

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QStringList>

#include <functional>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <sys/stat.h>
#include <unistd.h>

namespace masklab::test {

namespace {

QStringList personFolders(const QString &root)
{
    QStringList folders;
    const QStringList lines = QString::fromUtf8(readFile(root + "/train/train.csv")).split(u'\n');
    for (int i = 1; i < lines.size(); ++i)
        if (!lines[i].trimmed().isEmpty())
            folders << lines[i].split(u',').last().trimmed();
    return folders;
}

QByteArray encode(const cv::Mat &image, const char *extension)
{
    std::vector<uchar> bytes;
    cv::imencode(extension, image, bytes);
    return QByteArray(reinterpret_cast<const char *>(bytes.data()), qsizetype(bytes.size()));
}

// An EXIF APP1 segment with Orientation 6 (rotate 90 degrees) right after the SOI marker.
QByteArray withExifRotation(const QByteArray &jpeg)
{
    const QByteArray tiff("MM\x00\x2A\x00\x00\x00\x08" // big-endian TIFF header
                          "\x00\x01"                   // one IFD entry
                          "\x01\x12\x00\x03\x00\x00\x00\x01\x00\x06\x00\x00" // Orientation = 6
                          "\x00\x00\x00\x00",                                // no next IFD
                          26);
    const QByteArray payload = QByteArray("Exif\x00\x00", 6) + tiff;
    const int length = int(payload.size()) + 2;
    const QByteArray segment =
        QByteArray("\xFF\xE1", 2) + char(length >> 8) + char(length & 0xFF) + payload;
    return jpeg.left(2) + segment + jpeg.mid(2);
}

// Replaces person folder's mask1 photo by `bytes` saved under `name`; returns the relative path.
QString replaceMask1(const QString &root, const QString &folder, const QString &name,
                     const QByteArray &bytes)
{
    QDir dir(root + "/train/images/" + folder);
    for (const QString &old : dir.entryList({"mask1.*"}, QDir::Files | QDir::Hidden))
        dir.remove(old);
    writeFile(dir.filePath(name), bytes);
    return "train/images/" + folder + "/" + name;
}

QString mask1Of(const QString &root, const QString &folder)
{
    return root + "/train/images/" + folder + "/mask1.jpg";
}

} // namespace

std::vector<BadInput> plantPhotos(const QString &root)
{
    const QStringList folders = personFolders(root);
    const QByteArray jpeg = readFile(mask1Of(root, folders[0]));
    const cv::Mat colour = cv::imread(mask1Of(root, folders[0]).toStdString(), cv::IMREAD_COLOR);
    cv::Mat grey, alpha, deep;
    cv::cvtColor(colour, grey, cv::COLOR_BGR2GRAY);
    cv::cvtColor(colour, alpha, cv::COLOR_BGR2BGRA);
    colour.convertTo(deep, CV_16UC3, 257);
    std::vector<BadInput> cases;
    int next = 0;
    enum Outcome
    {
        Accepted,
        Found,
        FoundByDeepCheck
    };
    auto photo = [&](const QString &name, const QString &file, const QByteArray &bytes,
                     Outcome outcome, const QString &expected = {}) {
        BadInput input{name, root, replaceMask1(root, folders[next++], file, bytes), expected};
        input.deepOnly = outcome == FoundByDeepCheck;
        input.leftOutOfTraining = outcome != Accepted;
        cases.push_back(input);
    };
    photo("empty file", "mask1.jpg", {}, Found, "file is empty (0 bytes)");
    photo("random bytes", "mask1.jpg", randomBytes(5000, 1), Found,
          "not an image: no JPEG, PNG, BMP, WebP or TIFF signature");
    photo("text file named .jpg", "mask1.jpg", "<html>not a photo</html>\n", Found,
          "not an image: no JPEG, PNG");
    photo("PNG named .jpg", "mask1.jpg", encode(colour, ".png"), Accepted);
    photo("JPEG cut in its header", "mask1.jpg", jpeg.left(60), Found,
          "JPEG ends before its frame header (truncated file)");
    photo("JPEG cut in its data", "mask1.jpg", jpeg.left(jpeg.size() / 2), Found,
          "JPEG is truncated (no end-of-image marker at its end)");
    photo("PNG cut in its data", "mask1.png", encode(colour, ".png").left(400), Found,
          "PNG is truncated (no IEND chunk at its end)");
    photo("data after the JPEG end", "mask1.jpg", jpeg + QByteArray(300, 'x'), Accepted);
    photo("decompression bomb header", "mask1.jpg", jpegClaimingSize(jpeg, 60000, 60000), Found,
          "the header claims 60000x60000 pixels (3600 megapixels), more than the 250 MaskLab "
          "decodes");
    photo("wrecked PNG pixels", "mask1.png", wreckedPng(96, 128), FoundByDeepCheck,
          "the PNG data does not decode (corrupt or truncated)");
    photo("CMYK JPEG", "mask1.jpg", readFile(MASKLAB_TEST_DATA "/cmyk.jpg"), Accepted);
    photo("grayscale JPEG", "mask1.jpg", encode(grey, ".jpg"), Accepted);
    photo("16-bit PNG", "mask1.png", encode(deep, ".png"), Accepted);
    photo("PNG with alpha", "mask1.png", encode(alpha, ".png"), Accepted);
    photo("EXIF-rotated JPEG", "mask1.jpg", withExifRotation(jpeg), Accepted);
    photo("1x1 JPEG", "mask1.jpg", encode(cv::Mat(1, 1, CV_8UC3, cv::Scalar(9, 9, 9)), ".jpg"),
          Accepted);
    photo("uppercase .JPG", "mask1.JPG", jpeg, Accepted);

    // Things in a photo's place that are not files.
    const QString dirFolder = folders[next++];
    QDir(root + "/train/images/" + dirFolder).remove("mask1.jpg");
    QDir().mkpath(root + "/train/images/" + dirFolder + "/mask1.jpg");
    cases.push_back({"directory named mask1.jpg", root, "train/images/" + dirFolder + "/mask1.jpg",
                     "unexpected folder inside a person folder; skipped"});
    const QString loopFolder = folders[next++];
    const QString loop = mask1Of(root, loopFolder);
    QFile::remove(loop);
    // The symlink cases need a file system that has symlinks; elsewhere they are left out.
    if (::symlink("mask1.jpg", QFile::encodeName(loop).constData()) == 0) {
        BadInput loopInput{"symlink loop as mask1.jpg", root,
                           "train/images/" + loopFolder + "/mask1.jpg",
                           "cannot open: Too many levels of symbolic links"};
        loopInput.leftOutOfTraining = true;
        cases.push_back(loopInput);
    }
    const QString twoFolder = folders[next++];
    writeFile(root + "/train/images/" + twoFolder + "/mask1.png", encode(colour, ".png"));
    cases.push_back({"mask1.jpg and mask1.png", root, "train/images/" + twoFolder + "/mask1.jpg",
                     "2 files for photo mask1 (mask1.jpg, mask1.png); using mask1.jpg"});
    const QString missingFolder = folders[next++];
    QFile::remove(mask1Of(root, missingFolder));
    cases.push_back(
        {"photo missing", root, "train/images/" + missingFolder, "photo mask1 is missing"});
    if (::geteuid() != 0) { // root reads anything
        const QString lockedFolder = folders[next++];
        ::chmod(QFile::encodeName(mask1Of(root, lockedFolder)).constData(), 0);
        BadInput locked{"unreadable permissions", root,
                        "train/images/" + lockedFolder + "/mask1.jpg", "Permission denied"};
        locked.leftOutOfTraining = true;
        cases.push_back(locked);
    }

    // Odd entries in the images folder itself.
    const QString notPerson = "folder has no train.csv row and its name is not "
                              "<id>_<gender>_<race>_<age>; skipped";
    const QByteArray latin1Name = QFile::encodeName(root + "/train/images/") + "caf\xE9_x";
    ::mkdir(latin1Name.constData(), 0755);
    cases.push_back({"folder name not UTF-8", root, "train/images/caf", notPerson});
    const QString longName = QString(200, u'l');
    QDir().mkpath(root + "/train/images/" + longName);
    cases.push_back({"200-character folder name", root, "train/images/" + longName, notPerson});
    if (::symlink(".", QFile::encodeName(root + "/train/images/loop").constData()) == 0)
        cases.push_back({"symlink loop as a person folder", root, "train/images/loop", notPerson});
    return cases;
}

namespace {

// A copy of base with train.csv (or eval/info.csv) changed by edit; returns the copy's root.
QString copyWithCsv(const QString &base, const QString &root, const QString &csv,
                    const std::function<void(QStringList &lines)> &edit)
{
    copyTree(base, root);
    QStringList lines = QString::fromUtf8(readFile(root + "/" + csv)).split(u'\n');
    edit(lines);
    writeFile(root + "/" + csv, lines.join(u'\n').toUtf8());
    return root;
}

// Sets field `column` of 1-based CSV line `line`.
void setField(QStringList &lines, int line, int column, const QString &value)
{
    QStringList fields = lines[line - 1].split(u',');
    fields[column] = value;
    lines[line - 1] = fields.join(u',');
}

} // namespace

std::vector<BadInput> plantCsvCases(const QString &base, const QString &outDir)
{
    std::vector<BadInput> cases;
    int n = 0;
    auto add = [&](const QString &name, const QString &csv, int line, const QString &expected,
                   const std::function<void(QStringList &)> &edit) {
        const QString root = outDir + QStringLiteral("/csv%1").arg(++n);
        cases.push_back({name, copyWithCsv(base, root, csv, edit), csv, expected, line});
    };
    const QString train = "train/train.csv", info = "eval/info.csv";
    // train.csv columns: id,gender,race,age,path
    add("train.csv empty", train, 0, "the file is empty (no header, no rows)",
        [](QStringList &l) { l = QStringList{}; });
    add("no age column", train, 1, "age", [](QStringList &l) {
        for (QString &line : l) {
            QStringList f = line.split(u',');
            if (f.size() == 5)
                f.removeAt(3);
            line = f.join(u',');
        }
    });
    add("unknown gender", train, 3, "robot", [](QStringList &l) { setField(l, 3, 1, "robot"); });
    add("age not a number", train, 4, "abc", [](QStringList &l) { setField(l, 4, 3, "abc"); });
    add("age out of range", train, 5, "250", [](QStringList &l) { setField(l, 5, 3, "250"); });
    add("unterminated quote", train, 6, "quote",
        [](QStringList &l) { setField(l, 6, 2, "\"Asian"); });
    add("path leaving the dataset", train, 7, "../../etc",
        [](QStringList &l) { setField(l, 7, 4, "../../etc"); });
    add("the same folder twice", train, 0, "already has a row on line 2", [](QStringList &l) {
        QStringList f = l[1].split(u',');
        f[0] = "9999";
        l.insert(l.size() - 1, f.join(u','));
    });
    add("too few fields", train, 8, "fields", [](QStringList &l) { l[7] = "7,male"; });
    add("row without a folder", train, 0, "999999_male_Asian_30", [](QStringList &l) {
        l.insert(l.size() - 1, "999999,male,Asian,30,999999_male_Asian_30");
    });
    add("BOM and CRLF line ends", train, 0, "", [](QStringList &l) {
        for (QString &line : l)
            line += u'\r';
        l[0].prepend(QChar(0xFEFF));
    });
    cases.push_back({"no train.csv", outDir + "/csv-none", train, "train.csv"});
    copyTree(base, cases.back().root);
    QFile::remove(cases.back().root + "/" + train);
    const QString latin1 = outDir + "/csv-latin1";
    copyTree(base, latin1);
    QByteArray bytes = readFile(latin1 + "/" + train);
    bytes.replace(",Asian,", ",Asi\xE9n,"); // the race column, as Latin-1 would write it
    writeFile(latin1 + "/" + train, bytes);
    cases.push_back({"train.csv not UTF-8", latin1, train, "this line is not UTF-8 text", 2});
    // eval/info.csv columns: ImageID,ans
    add("info.csv without ImageID", info, 1, "ImageID", [](QStringList &l) { l[0] = "Image,ans"; });
    add("info.csv row without image", info, 0, "missing.jpg",
        [](QStringList &l) { l.insert(l.size() - 1, "missing.jpg,0"); });
    return cases;
}

} // namespace masklab::test
