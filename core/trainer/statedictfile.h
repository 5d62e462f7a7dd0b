#pragma once
// Reading and writing torchvision-format weights files: what Python's
// `torch.save(model.state_dict(), path)` writes and `torch.load(path)` reads.
//
// LibTorch's own unpickler cannot read such a file (it turns the state dict's OrderedDict into
// None), so the reader interprets the file's pickle itself: it understands exactly the objects a
// state dict is made of (dicts, strings, numbers, tuples, tensors) and names anything else.

#include "models.h"
#include "torchapi.h"

#include <QString>

#include <map>
#include <optional>
#include <string>

namespace masklab::trainer {

using StateDict = std::map<std::string, torch::Tensor>;

// Reads a torch.save file holding a dict of tensors. A checkpoint that wraps the weights
// ({"state_dict": {...}, "epoch": ...} or {"model": {...}}) is unwrapped. Errors name the file
// and the reason.
std::optional<StateDict> readStateDict(const QString &path, QString *error);

// The model's parameters and buffers by torchvision's names, on the CPU.
StateDict modelStateDict(Classifier &model);

// Writes a state dict in the zip format that Python's torch.load reads.
bool writeStateDict(const StateDict &dict, const QString &path, QString *error);

struct PretrainedLoad
{
    int loaded = 0;          // tensors copied into the model
    bool classifier = false; // the file's fc matched the model's head and was kept
};

// Copies pretrained weights into the model by name. Every backbone tensor must be present with
// the same shape; the classifier (fc.* or classifier.N.*) is kept only when its shape matches,
// otherwise the model keeps its fresh head for our classes. Errors name the first missing or
// mismatched tensor.
std::optional<PretrainedLoad> loadPretrained(Classifier &model, const StateDict &dict,
                                             const QString &source, QString *error);

// readStateDict + loadPretrained; returns a line for the log ("pretrained: 122 tensors from
// FILE (new classifier head)"), nothing on error.
std::optional<QString> loadPretrainedFile(Classifier &model, const QString &path, QString *error);

} // namespace masklab::trainer
