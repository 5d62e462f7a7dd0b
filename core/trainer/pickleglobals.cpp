#include "pickleglobals.h"

#include <map>
#include <set>
#include <stdexcept>

namespace masklab::trainer::pickle {

namespace {

using Kind = PyValue::Kind;

const std::map<std::string, c10::ScalarType> &storageTypes()
{
    static const std::map<std::string, c10::ScalarType> types = {
        {"torch.FloatStorage", c10::kFloat}, {"torch.DoubleStorage", c10::kDouble},
        {"torch.HalfStorage", c10::kHalf},   {"torch.BFloat16Storage", c10::kBFloat16},
        {"torch.LongStorage", c10::kLong},   {"torch.IntStorage", c10::kInt},
        {"torch.ShortStorage", c10::kShort}, {"torch.CharStorage", c10::kChar},
        {"torch.ByteStorage", c10::kByte},   {"torch.BoolStorage", c10::kBool},
    };
    return types;
}

// Besides the storage types: what Python's torch.save and LibTorch's pickle_save write for a
// state dict. torch.load(weights_only=True) allows these and more (dtypes, torch.Size,
// Counter), which a state dict of a classifier does not need.
const std::set<std::string> &callableGlobals()
{
    static const std::set<std::string> names = {
        "collections.OrderedDict",
        "builtins.dict",
        "torch._utils._rebuild_tensor",
        "torch._utils._rebuild_tensor_v2",
        "torch._utils._rebuild_parameter",
        "torch._utils._rebuild_parameter_with_state",
        "torch.jit._pickle.restore_type_tag",
    };
    return names;
}

void insertInto(PyValue &container, const PyRef &child)
{
    if (container.frozen)
        throw std::runtime_error("the pickle changes a container that is already inside another "
                                 "(a state dict never does)");
    if (child.get() == &container)
        throw std::runtime_error("the pickle puts a container into itself");
    child->frozen = true;
    container.depth = std::max(container.depth, child->depth + 1);
    if (container.depth > kMaxPickleDepth)
        throw std::runtime_error("the pickle nests containers more than " +
                                 std::to_string(kMaxPickleDepth) + " deep");
}

std::vector<int64_t> nonNegativeInts(const PyRef &value, const char *what)
{
    if (value->kind != Kind::Tuple || value->items.size() > 16)
        throw std::runtime_error(std::string("a tensor's ") + what + " is not a short tuple");
    std::vector<int64_t> ints;
    for (const PyRef &item : value->items) {
        if (item->kind != Kind::Int || item->integer < 0)
            throw std::runtime_error(std::string("a tensor's ") + what +
                                     " holds something not a non-negative integer");
        ints.push_back(item->integer);
    }
    return ints;
}

// torch._utils._rebuild_tensor_v2(storage, offset, size, stride, ...): a view of the storage,
// copied. The view must lie inside the storage and hold no more elements than it (a stride of
// 0 could otherwise ask for terabytes from a few bytes).
PyRef rebuildTensor(const std::vector<PyRef> &a)
{
    if (a.size() < 4 || a[0]->kind != Kind::Tensor || a[1]->kind != Kind::Int || a[1]->integer < 0)
        throw std::runtime_error("malformed tensor in the pickle");
    const std::vector<int64_t> size = nonNegativeInts(a[2], "size");
    const std::vector<int64_t> stride = nonNegativeInts(a[3], "stride");
    const torch::Tensor &storage = a[0]->tensor;
    const int64_t offset = a[1]->integer;
    bool fits = size.size() == stride.size();
    int64_t last = offset; // the highest element the view touches
    int64_t count = 1;
    for (size_t d = 0; fits && d < size.size(); ++d) {
        int64_t reach = 0;
        fits = !__builtin_mul_overflow(size[d] > 0 ? size[d] - 1 : 0, stride[d], &reach) &&
               !__builtin_add_overflow(last, reach, &last) &&
               !__builtin_mul_overflow(count, size[d], &count);
    }
    if (!fits || count > storage.numel() || (count > 0 && last >= storage.numel()))
        throw std::runtime_error("a tensor's shape does not fit its storage");
    PyRef value = makeValue(Kind::Tensor);
    value->tensor = storage.as_strided(size, stride, offset).clone();
    return value;
}

PyRef makeDict(const std::vector<PyRef> &a)
{
    PyRef dict = makeValue(Kind::Dict);
    if (!a.empty() && a[0]->kind == Kind::List)
        for (const PyRef &pair : a[0]->items)
            if (pair->kind == Kind::Tuple && pair->items.size() == 2)
                setItem(*dict, pair->items[0], pair->items[1]);
    return dict;
}

} // namespace

PyRef makeValue(PyValue::Kind kind)
{
    auto value = std::make_shared<PyValue>();
    value->kind = kind;
    return value;
}

void appendItem(PyValue &container, const PyRef &child)
{
    insertInto(container, child);
    container.items.push_back(child);
}

void setItem(PyValue &dict, const PyRef &key, const PyRef &value)
{
    insertInto(dict, key);
    insertInto(dict, value);
    dict.entries.emplace_back(key, value);
}

PyRef global(const std::string &name)
{
    if (!callableGlobals().count(name) && !storageTypes().count(name))
        throw std::runtime_error("the file holds a Python object of type " + name +
                                 ", not a dict of tensors (save model.state_dict()); MaskLab "
                                 "refuses any Python global a state dict does not need");
    PyRef value = makeValue(Kind::Global);
    value->text = name;
    return value;
}

c10::ScalarType storageType(const std::string &name)
{
    const auto it = storageTypes().find(name);
    if (it == storageTypes().end())
        throw std::runtime_error("unsupported tensor storage type " + name);
    return it->second;
}

PyRef call(const PyRef &callable, const PyRef &args)
{
    if (callable->kind != Kind::Global || args->kind != Kind::Tuple)
        throw std::runtime_error("the pickle calls something that is not a known function");
    const std::string &name = callable->text;
    const std::vector<PyRef> &a = args->items;
    if (name == "collections.OrderedDict" || name == "builtins.dict")
        return makeDict(a);
    if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor")
        return rebuildTensor(a);
    if (name == "torch.jit._pickle.restore_type_tag" && !a.empty())
        return a[0]; // LibTorch's pickle_save tags its dict with its type
    if (name == "torch._utils._rebuild_parameter" ||
        name == "torch._utils._rebuild_parameter_with_state") {
        if (a.empty() || a[0]->kind != Kind::Tensor)
            throw std::runtime_error("malformed parameter in the pickle");
        return a[0];
    }
    throw std::runtime_error("the pickle calls " + name + ", which builds no dict or tensor");
}

} // namespace masklab::trainer::pickle
