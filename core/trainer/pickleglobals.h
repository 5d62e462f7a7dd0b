#pragma once
// The unpickler's values and its allowlist: which Python globals a state dict's pickle may name
// and what calling them builds (dicts, tensors over their storages). Internal to
// picklereader.cpp; apart so that each file stays one subject.

#include "picklereader.h"

namespace masklab::trainer::pickle {

PyRef makeValue(PyValue::Kind kind);
// Puts child into container (a list or tuple: appended; a dict: with setItem). A container
// that is inside another is final: a state dict never changes one afterwards, and refusing it
// keeps every value a tree (no cycles) whose depth is known when it is built.
void appendItem(PyValue &container, const PyRef &child);
void setItem(PyValue &dict, const PyRef &key, const PyRef &value);

// A global the pickle names ("module.name"); throws for one outside the allowlist.
PyRef global(const std::string &name);
// The element type of a storage global such as torch.FloatStorage.
c10::ScalarType storageType(const std::string &name);
// REDUCE / NEWOBJ: calls an allowed global with its arguments.
PyRef call(const PyRef &callable, const PyRef &args);

} // namespace masklab::trainer::pickle
