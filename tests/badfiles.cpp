// The bad-input corpus's files beside a dataset: workspace files, training configs and weights.

#include "badinputs.h"

#include "testsupport.h"

#include <QDir>
#include <QFile>

#include <caffe2/serialize/inline_container.h>

namespace masklab::test {

std::vector<BadInput> plantWorkspaceCases(const QString &base, const QString &outDir)
{
    std::vector<BadInput> cases;
    int n = 0;
    auto add = [&](const QString &name, const QString &fileName, const QByteArray &bytes,
                   const QString &expected) {
        const QString root = outDir + QStringLiteral("/ws%1").arg(++n);
        copyTree(base, root);
        const QString file = root + ".masklab/" + fileName;
        QDir().mkpath(root + ".masklab");
        writeFile(file, bytes);
        cases.push_back({name, root, file, expected});
    };
    add("overlay not YAML", "overlay.yaml", "version: 1\npersons: {a: [\n", "not valid YAML");
    add("overlay random bytes", "overlay.yaml", randomBytes(300, 2), "overlay.yaml");
    add("overlay list for a value", "overlay.yaml",
        "version: 1\npersons:\n  f:\n    age: {from: 3, to: [1]}\n",
        "line 4: a value of the wrong kind");
    add("overlay with an invalid mask", "overlay.yaml",
        "version: 1\nphotos:\n  f/normal:\n    mask: {from: normal, to: masked}\n",
        "line 4: \"masked\" is not a valid mask");
    add("overlay of another version", "overlay.yaml", "version: 7\npersons: {}\n",
        "version must be 1");
    add("settings a scalar", "settings.yaml", "hello\n", "expected a map of settings");
    add("settings list for a number", "settings.yaml",
        "age_thresholds: {middle_from: [1], old_from: 60}\n", "line 1: a value of the wrong kind");
    add("settings thresholds in the wrong order", "settings.yaml",
        "age_thresholds: {middle_from: 60, old_from: 30}\n",
        "age_thresholds needs 0 < middle_from < old_from");
    return cases;
}

std::vector<BadInput> plantConfigCases(const QString &outDir)
{
    std::vector<BadInput> cases;
    QDir().mkpath(outDir);
    auto add = [&](const QString &name, const QByteArray &yaml, const QString &expected) {
        const QString file = outDir + QStringLiteral("/config%1.yaml").arg(cases.size() + 1);
        writeFile(file, yaml);
        cases.push_back({name, QString(), file, expected});
    };
    add("config not YAML", "train: {epochs: 3\n", "not valid YAML");
    add("config a list", "- 1\n- 2\n", "expected sections like data:, model:, train:");
    add("config random bytes", randomBytes(200, 3), "config");
    add("epochs not a number", "train: {epochs: many}\n", "train.epochs");
    add("unknown key", "train: {epochz: 3}\n", "epochz");
    add("negative epochs", "train: {epochs: -2}\n", "train.epochs");
    add("unknown architecture", "model: {architecture: resnet9000}\n", "resnet9000");
    add("a list for a number", "optimizer: {lr: [0.1]}\n", "optimizer.lr");
    return cases;
}

namespace {

// A torch.save zip holding `pickle` as data.pkl and the given storages as data/<key>.
void writeTorchZip(const QString &path, const std::string &pickle,
                   const std::vector<std::pair<std::string, std::string>> &storages)
{
    caffe2::serialize::PyTorchStreamWriter writer(QFile::encodeName(path).toStdString());
    writer.writeRecord("data.pkl", pickle.data(), pickle.size());
    for (const auto &[key, bytes] : storages)
        writer.writeRecord("data/" + key, bytes.data(), bytes.size());
    writer.writeEndOfFile();
}

std::string pickleText(const std::string &s) // BINUNICODE
{
    const uint32_t n = uint32_t(s.size());
    return std::string("X") + char(n & 0xFF) + char((n >> 8) & 0xFF) + char((n >> 16) & 0xFF) +
           char(n >> 24) + s;
}

std::string pickleInt(uint32_t v) // BININT
{
    return std::string("J") + char(v & 0xFF) + char((v >> 8) & 0xFF) + char((v >> 16) & 0xFF) +
           char(v >> 24);
}

} // namespace

std::vector<BadInput> plantWeightsCases(const QString &valid, const QString &outDir)
{
    std::vector<BadInput> cases;
    QDir().mkpath(outDir);
    const QByteArray validBytes = readFile(valid);
    auto add = [&](const QString &name, const QString &fileName, const QString &expected) {
        cases.push_back({name, QString(), outDir + "/" + fileName, expected});
    };
    writeFile(outDir + "/empty.pth", {});
    add("weights empty", "empty.pth", "not a torch.save file");
    writeFile(outDir + "/random.pth", randomBytes(4096, 4));
    add("weights random bytes", "random.pth", "not a torch.save file");
    writeFile(outDir + "/cut.pth", validBytes.left(validBytes.size() / 2));
    add("weights zip cut in half", "cut.pth", "the zip file is cut short or damaged");

    // A pickle that would create the file `pwned` if MaskLab called what it names.
    const std::string touch = "touch " + QFile::encodeName(outDir + "/pwned").toStdString();
    const std::string evil = std::string("\x80\x02") + "cos\nsystem\n(" + pickleText(touch) + "tR.";
    writeTorchZip(outDir + "/evil.pth", evil, {});
    add("weights calling os.system", "evil.pth", "os.system");

    // {"w": a float tensor claiming a billion elements over a 16-byte storage}.
    const std::string huge =
        std::string("\x80\x02}") + pickleText("w") + "ctorch._utils\n_rebuild_tensor_v2\n((" +
        pickleText("storage") + "ctorch\nFloatStorage\n" + pickleText("0") + pickleText("cpu") +
        pickleInt(1000000000) + "tQK\x00(" + pickleInt(1000000000) + "t(K\x01t\x89NtRs.";
    writeTorchZip(outDir + "/huge.pth", huge, {{"0", std::string(16, '\0')}});
    add("weights with an oversized storage", "huge.pth", "is shorter than its tensor");

    QFile::copy(valid, outDir + "/other-architecture.pth");
    add("weights of another architecture", "other-architecture.pth",
        "the weights are for another architecture");
    return cases;
}

} // namespace masklab::test
