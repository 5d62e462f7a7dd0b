#pragma once
// A small interpreter for the pickle programs that Python's torch.save writes for a state dict:
// dicts (OrderedDict included), lists, tuples, strings, numbers and tensors, whose storages the
// caller supplies. It is a security boundary for weights downloaded from anywhere: only the
// globals a state dict needs exist (the allowlist in pickleglobals.cpp, a subset of what
// torch.load(weights_only=True) allows), appends go to lists only, sizes, steps and nesting are
// limited, and every refusal says what was refused; a pickled nn.Module is named by its type.

#include "torchapi.h"

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace masklab::trainer {

// Limits for files from the internet: a state dict's program is a few hundred KB of a few
// hundred thousand operations, with containers 3 or 4 deep.
constexpr size_t kMaxPickleBytes = size_t(64) << 20;
constexpr size_t kMaxPickleSteps = 2'000'000;
constexpr int kMaxPickleDepth = 64;

struct PyValue;
using PyRef = std::shared_ptr<PyValue>;

struct PyValue
{
    enum class Kind
    {
        None,
        Bool,
        Int,
        Float,
        String,
        Tuple,
        List,
        Dict,
        Global,
        Tensor
    };
    Kind kind = Kind::None;
    int64_t integer = 0;
    double real = 0;
    std::string text; // String; "module.name" for Global
    std::vector<PyRef> items;
    std::vector<std::pair<PyRef, PyRef>> entries; // Dict, in insertion order
    torch::Tensor tensor;
    int depth = 1;       // containers: 1 + the deepest item's depth
    bool frozen = false; // inside a container: never changed again
};

// Supplies the storage named `key` (the file's data/<key> record) as a 1-D tensor of `numel`
// elements of `dtype`; throws std::runtime_error when it cannot.
using StorageLoader =
    std::function<torch::Tensor(const std::string &key, c10::ScalarType dtype, int64_t numel)>;

// Runs the pickle program and returns its result; throws std::runtime_error saying what is wrong
// (with the byte offset for a malformed program).
PyRef unpickle(const std::string &program, const StorageLoader &loadStorage);

} // namespace masklab::trainer
