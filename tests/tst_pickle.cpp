// The weights unpickler as a security boundary: hand-written pickle programs that a malicious or
// broken weights file could hold are refused with a reason, and none crashes, loops or asks
// for unbounded memory. The state dicts it must read are tested in tst_pretrained.

#include "picklereader.h"

#include <QTest>

using namespace masklab::trainer;

namespace {

// Pickle program pieces (protocol 2 opcodes).
std::string global(const std::string &module, const std::string &name)
{
    return "c" + module + "\n" + name + "\n";
}

std::string text(const std::string &s) // BINUNICODE
{
    const uint32_t n = uint32_t(s.size());
    return std::string("X") + char(n & 0xFF) + char((n >> 8) & 0xFF) + char((n >> 16) & 0xFF) +
           char(n >> 24) + s;
}

std::string smallInt(int v) // BININT1, or BININT for what does not fit a byte
{
    if (v >= 0 && v < 256)
        return std::string("K") + char(v);
    const uint32_t u = uint32_t(v);
    return std::string("J") + char(u & 0xFF) + char((u >> 8) & 0xFF) + char((u >> 16) & 0xFF) +
           char(u >> 24);
}

// A float tensor of the given sizes and strides over a storage of `numel` elements.
std::string tensor(const std::vector<int> &size, const std::vector<int> &stride, int numel)
{
    std::string p = global("torch._utils", "_rebuild_tensor_v2") + "(";
    p += "(" + text("storage") + global("torch", "FloatStorage") + text("0") + text("cpu") +
         smallInt(numel) + "tQ"; // persistent id -> storage
    p += smallInt(0) + "(";
    for (int s : size)
        p += smallInt(s);
    p += "t(";
    for (int s : stride)
        p += smallInt(s);
    p += "t\x89N" + std::string("tR"); // requires_grad False, hooks None
    return p;
}

PyRef run(const std::string &program)
{
    return unpickle(program, [](const std::string &, c10::ScalarType dtype, int64_t numel) {
        if (numel < 0 || numel > 1000)
            throw std::runtime_error("storage size out of range");
        return torch::zeros({numel}, torch::TensorOptions(dtype));
    });
}

QString refusal(const std::string &program)
{
    try {
        run(program);
    } catch (const std::exception &e) {
        return QString::fromStdString(e.what());
    }
    return QString();
}

} // namespace

class TestPickle : public QObject
{
    Q_OBJECT
private slots:
    void readsADictOfTensors()
    {
        const std::string program = "\x80\x02" + global("collections", "OrderedDict") + ")R" +
                                    text("fc.weight") + tensor({2, 3}, {3, 1}, 6) + "s.";
        const PyRef root = run(program);
        QCOMPARE(int(root->kind), int(PyValue::Kind::Dict));
        QCOMPARE(root->entries.size(), size_t(1));
        QCOMPARE(root->entries[0].second->tensor.sizes().vec(), std::vector<int64_t>({2, 3}));
    }

    void refused_data()
    {
        QTest::addColumn<QByteArray>("program");
        QTest::addColumn<QString>("reason");
        const auto row = [](const char *name, const std::string &program, const char *reason) {
            QTest::newRow(name) << QByteArray::fromStdString(program) << QString(reason);
        };
        row("os.system", global("os", "system") + "(" + text("touch /tmp/pwned") + "tR.",
            "type os.system, not a dict of tensors");
        row("stack global", text("posix") + text("system") + "\x93.", "type posix.system");
        row("a module", global("torch.nn.modules.linear", "Linear") + ")\x81.",
            "torch.nn.modules.linear.Linear");
        row("huge string length", "\x8d" + std::string(8, '\xff') + "abc", "ends early");
        row("append to a dict", "}" + smallInt(1) + "a.", "appends to something that is not");
        row("a list in itself", "]2a.", "puts a container into itself");
        row("change after insertion",
            std::string("]q\x05"
                        "]h\x05"
                        "a0h\x05") +
                smallInt(1) + "a.",
            "changes a container that is already inside another");
        row("too deep", std::string(70, ']') + std::string(69, 'a') + ".", "more than 64 deep");
        row("endless", std::string(2'000'001, 'N'), "more than 2000000 operations");
        row("stride 0 asks for more than its storage", tensor({100, 100}, {0, 0}, 4) + ".",
            "does not fit its storage");
        row("view beyond its storage", tensor({2, 3}, {3, 1}, 5) + ".", "does not fit its storage");
        row("negative size", tensor({-1}, {1}, 4) + ".", "not a non-negative integer");
        row("storage of another type", "(" + text("storage") + global("torch", "CudaStorage") + ".",
            "type torch.CudaStorage");
        row("empty stack", "a", "empty stack");
        row("no mark", "t", "no mark");
        row("unknown opcode", "\xff", "unsupported pickle opcode 0xff at byte 0");
    }

    void refused()
    {
        QFETCH(QByteArray, program);
        QFETCH(QString, reason);
        const QString why = refusal(program.toStdString());
        QVERIFY2(why.contains(reason), qPrintable(why));
    }
};

QTEST_APPLESS_MAIN(TestPickle)
#include "tst_pickle.moc"
