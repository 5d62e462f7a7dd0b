#include "statedictfile.h"

#include "picklereader.h"
#include "textfile.h"

#include <QFile>
#include <QStringList>

#include <caffe2/serialize/inline_container.h>

#include <stdexcept>

namespace masklab::trainer {

namespace {

// A dict whose keys are all strings and values all tensors, as a StateDict.
std::optional<StateDict> asTensorDict(const PyRef &value)
{
    if (value->kind != PyValue::Kind::Dict)
        return std::nullopt;
    StateDict dict;
    for (const auto &[key, item] : value->entries) {
        if (key->kind != PyValue::Kind::String || item->kind != PyValue::Kind::Tensor)
            return std::nullopt;
        dict[key->text] = item->tensor;
    }
    return dict;
}

// nn.DataParallel saves every name with a "module." prefix; torchvision's names have none.
void stripDataParallelPrefix(StateDict &dict)
{
    const std::string prefix = "module.";
    for (const auto &item : dict) {
        if (item.first.rfind(prefix, 0) != 0)
            return;
    }
    StateDict stripped;
    for (auto &[name, tensor] : dict)
        stripped[name.substr(prefix.size())] = tensor;
    dict = std::move(stripped);
}

std::optional<StateDict> unwrap(const PyRef &root, std::string *reason)
{
    if (auto dict = asTensorDict(root))
        return dict;
    if (root->kind != PyValue::Kind::Dict) {
        *reason = "it holds no dict of tensors";
        return std::nullopt;
    }
    for (const char *wrapper : {"state_dict", "model_state_dict", "model"}) {
        for (const auto &[key, item] : root->entries) {
            if (key->kind == PyValue::Kind::String && key->text == wrapper) {
                if (auto dict = asTensorDict(item))
                    return dict;
            }
        }
    }
    *reason = "its dict holds values that are not tensors and no \"state_dict\" entry of tensors";
    return std::nullopt;
}

} // namespace

std::optional<StateDict> readStateDict(const QString &path, QString *error)
{
    if (!QFile::exists(path)) {
        *error = QStringLiteral("%1: no such file").arg(path);
        return std::nullopt;
    }
    try {
        caffe2::serialize::PyTorchStreamReader reader(QFile::encodeName(path).toStdString());
        if (!reader.hasRecord("data.pkl"))
            throw std::runtime_error("it has no data.pkl record");
        const auto [programData, programSize] = reader.getRecord("data.pkl");
        const std::string program(static_cast<const char *>(programData.get()), programSize);
        const StorageLoader loadStorage = [&reader](const std::string &key, c10::ScalarType dtype,
                                                    int64_t numel) {
            const std::string record = "data/" + key;
            if (!reader.hasRecord(record))
                throw std::runtime_error("the tensor data " + record + " is missing");
            auto [data, size] = reader.getRecord(record);
            // Compared by division: numel comes from the file, and a product could wrap.
            if (numel < 0 || uint64_t(numel) > size / c10::elementSize(dtype))
                throw std::runtime_error("the tensor data " + record +
                                         " is shorter than its tensor");
            return torch::from_blob(data.get(), {numel}, torch::TensorOptions(dtype)).clone();
        };
        std::string reason;
        std::optional<StateDict> dict = unwrap(unpickle(program, loadStorage), &reason);
        if (!dict)
            throw std::runtime_error(reason);
        stripDataParallelPrefix(*dict);
        return dict;
    } catch (const c10::Error &e) {
        // The zip reader's complaint; the legacy (pre-1.6) format is not a zip either.
        const QString said =
            QString::fromStdString(e.what_without_backtrace()).section(u'\n', 0, 0);
        QFile file(path);
        const bool zipStart = file.open(QIODevice::ReadOnly) && file.read(4) == "PK\x03\x04";
        *error = zipStart ? QStringLiteral("%1: the zip file is cut short or damaged (%2); "
                                           "download or export it again")
                                .arg(path, said)
                          : QStringLiteral("%1: not a torch.save file in the zip format (%2)")
                                .arg(path, said);
    } catch (const std::exception &e) {
        *error = QStringLiteral("%1: %2").arg(path, QString::fromStdString(e.what()));
    }
    return std::nullopt;
}

StateDict modelStateDict(Classifier &model)
{
    StateDict dict;
    for (const auto &item : model->named_parameters())
        dict[item.key()] = item.value().detach().cpu();
    for (const auto &item : model->named_buffers())
        dict[item.key()] = item.value().detach().cpu();
    return dict;
}

bool writeStateDict(const StateDict &dict, const QString &path, QString *error)
{
    c10::Dict<std::string, torch::Tensor> pickled;
    for (const auto &[name, tensor] : dict)
        pickled.insert(name, tensor);
    try {
        const std::vector<char> bytes = torch::pickle_save(c10::IValue(pickled));
        // A failed write leaves no partial weights file behind.
        if (!writeFileAtomically(path, QByteArray(bytes.data(), qsizetype(bytes.size())), error))
            return false;
    } catch (const c10::Error &e) {
        *error =
            QStringLiteral("%1: %2").arg(path, QString::fromStdString(e.what_without_backtrace()));
        return false;
    }
    return true;
}

std::optional<PretrainedLoad> loadPretrained(Classifier &model, const StateDict &dict,
                                             const QString &source, QString *error)
{
    const auto shape = [](const torch::Tensor &t) {
        QStringList dims;
        for (int64_t d : t.sizes())
            dims << QString::number(d);
        return QStringLiteral("[%1]").arg(dims.join(u','));
    };
    // Check everything before copying anything, so a bad file leaves the model untouched.
    StateDict own = modelStateDict(model);
    const std::string &head = model->headPrefix();
    bool keepClassifier = true;
    for (const auto &[name, tensor] : own) {
        const bool classifier = name.rfind(head, 0) == 0;
        const auto it = dict.find(name);
        const bool matches = it != dict.end() && it->second.sizes() == tensor.sizes();
        if (classifier) {
            keepClassifier = keepClassifier && matches;
            continue;
        }
        if (it == dict.end()) {
            *error = QStringLiteral("%1: has no tensor %2 (the weights are for another "
                                    "architecture than model.architecture?)")
                         .arg(source, QString::fromStdString(name));
            return std::nullopt;
        }
        if (!matches) {
            *error =
                QStringLiteral("%1: %2 has shape %3, the model needs %4")
                    .arg(source, QString::fromStdString(name), shape(it->second), shape(tensor));
            return std::nullopt;
        }
    }
    for (const auto &item : dict) { // strict, as PyTorch's load_state_dict
        if (item.first.rfind(head, 0) != 0 && own.count(item.first) == 0) {
            *error = QStringLiteral("%1: holds %2, which the model has no place for (the weights "
                                    "are for another architecture than model.architecture?)")
                         .arg(source, QString::fromStdString(item.first));
            return std::nullopt;
        }
    }
    torch::NoGradGuard noGrad;
    PretrainedLoad result;
    result.classifier = keepClassifier;
    const auto copyInto = [&](const std::string &name, torch::Tensor target) {
        if (name.rfind(head, 0) == 0 && !keepClassifier)
            return;
        target.copy_(dict.at(name).to(target.scalar_type()));
        ++result.loaded;
    };
    for (auto &item : model->named_parameters())
        copyInto(item.key(), item.value());
    for (auto &item : model->named_buffers())
        copyInto(item.key(), item.value());
    return result;
}

std::optional<QString> loadPretrainedFile(Classifier &model, const QString &path, QString *error)
{
    const std::optional<StateDict> weights = readStateDict(path, error);
    const std::optional<PretrainedLoad> loaded =
        weights ? loadPretrained(model, *weights, path, error) : std::nullopt;
    if (!loaded)
        return std::nullopt;
    return QStringLiteral("pretrained: %1 tensors from %2%3")
        .arg(loaded->loaded)
        .arg(path, loaded->classifier ? QString() : QStringLiteral(" (new classifier head)"));
}

} // namespace masklab::trainer
