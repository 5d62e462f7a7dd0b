#include "picklereader.h"

#include "pickleglobals.h"

#include <cstring>
#include <map>
#include <stdexcept>

namespace masklab::trainer {

namespace {

using pickle::appendItem;
using pickle::setItem;

PyRef make(PyValue::Kind kind)
{
    return pickle::makeValue(kind);
}

PyRef makeInt(int64_t v)
{
    PyRef value = make(PyValue::Kind::Int);
    value->integer = v;
    return value;
}

PyRef makeString(std::string text, PyValue::Kind kind = PyValue::Kind::String)
{
    PyRef value = make(kind);
    value->text = std::move(text);
    return value;
}

class Machine
{
public:
    Machine(const std::string &program, const StorageLoader &loader)
        : m_program(program), m_loader(loader)
    {
    }

    PyRef run();

private:
    const uint8_t *take(size_t count)
    {
        if (count > m_program.size() - m_pos) // not m_pos + count: a huge count wraps
            throw std::runtime_error("the pickle ends early");
        const auto *bytes = reinterpret_cast<const uint8_t *>(m_program.data() + m_pos);
        m_pos += count;
        return bytes;
    }
    uint64_t readUnsigned(size_t count) // little endian
    {
        const uint8_t *bytes = take(count);
        uint64_t v = 0;
        for (size_t i = 0; i < count; ++i)
            v |= uint64_t(bytes[i]) << (8 * i);
        return v;
    }
    std::string readLine()
    {
        const size_t end = m_program.find('\n', m_pos);
        if (end == std::string::npos)
            throw std::runtime_error("the pickle ends early");
        std::string line = m_program.substr(m_pos, end - m_pos);
        m_pos = end + 1;
        return line;
    }
    std::string readBytes(size_t count)
    {
        const uint8_t *bytes = take(count);
        return std::string(reinterpret_cast<const char *>(bytes), count);
    }
    PyRef pop()
    {
        if (m_stack.size() <= floor())
            throw std::runtime_error("the pickle pops an empty stack");
        PyRef top = m_stack.back();
        m_stack.pop_back();
        return top;
    }
    PyRef &top()
    {
        if (m_stack.empty())
            throw std::runtime_error("the pickle reads an empty stack");
        return m_stack.back();
    }
    size_t floor() const { return m_marks.empty() ? 0 : m_marks.back(); }
    std::vector<PyRef> popToMark()
    {
        if (m_marks.empty())
            throw std::runtime_error("the pickle has no mark to pop to");
        std::vector<PyRef> items(m_stack.begin() + std::ptrdiff_t(m_marks.back()), m_stack.end());
        m_stack.resize(m_marks.back());
        m_marks.pop_back();
        return items;
    }
    PyRef &listOnTop()
    {
        PyRef &list = top();
        if (list->kind != PyValue::Kind::List)
            throw std::runtime_error("the pickle appends to something that is not a list");
        return list;
    }
    PyRef &dictOnTop()
    {
        PyRef &dict = top();
        if (dict->kind != PyValue::Kind::Dict)
            throw std::runtime_error("the pickle sets an item on something that is not a dict");
        return dict;
    }
    PyRef tuple(const std::vector<PyRef> &items)
    {
        PyRef value = make(PyValue::Kind::Tuple);
        for (const PyRef &item : items)
            appendItem(*value, item);
        return value;
    }

    PyRef persistentLoad(const PyRef &id);
    void step(uint8_t op);

    const std::string &m_program;
    const StorageLoader &m_loader;
    size_t m_pos = 0;
    std::vector<PyRef> m_stack;
    std::vector<size_t> m_marks;
    std::map<uint64_t, PyRef> m_memo;
    std::map<std::string, torch::Tensor> m_storages; // tensors of one storage share it
    PyRef m_result;
};

// ('storage', <storage type>, key, location, numel) -> the storage as a 1-D tensor.
PyRef Machine::persistentLoad(const PyRef &id)
{
    if (id->kind != PyValue::Kind::Tuple || id->items.size() < 5 ||
        id->items[0]->text != "storage" || id->items[1]->kind != PyValue::Kind::Global ||
        id->items[2]->kind != PyValue::Kind::String || id->items[4]->kind != PyValue::Kind::Int)
        throw std::runtime_error("unsupported persistent object (not a tensor storage)");
    const std::string &key = id->items[2]->text;
    auto it = m_storages.find(key);
    if (it == m_storages.end()) {
        const c10::ScalarType dtype = pickle::storageType(id->items[1]->text);
        it = m_storages.emplace(key, m_loader(key, dtype, id->items[4]->integer)).first;
    }
    PyRef value = make(PyValue::Kind::Tensor);
    value->tensor = it->second;
    return value;
}

void Machine::step(uint8_t op)
{
    using K = PyValue::Kind;
    switch (op) {
    case 0x80:
        take(1);
        break; // PROTO
    case 0x95:
        take(8);
        break; // FRAME
    case '.':
        m_result = pop();
        break; // STOP
    case '(':
        m_marks.push_back(m_stack.size());
        break;
    case '}':
        m_stack.push_back(make(K::Dict));
        break;
    case ']':
        m_stack.push_back(make(K::List));
        break;
    case ')':
        m_stack.push_back(tuple({}));
        break;
    case 't':
        m_stack.push_back(tuple(popToMark()));
        break;
    case 0x85:
    case 0x86:
    case 0x87: { // TUPLE1..3
        std::vector<PyRef> items(size_t(op - 0x84));
        for (size_t i = items.size(); i-- > 0;)
            items[i] = pop();
        m_stack.push_back(tuple(std::move(items)));
        break;
    }
    case 'l': {
        PyRef list = make(K::List);
        for (const PyRef &item : popToMark())
            appendItem(*list, item);
        m_stack.push_back(list);
        break;
    }
    case 'd': {
        const std::vector<PyRef> items = popToMark();
        PyRef dict = make(K::Dict);
        for (size_t i = 0; i + 1 < items.size(); i += 2)
            setItem(*dict, items[i], items[i + 1]);
        m_stack.push_back(dict);
        break;
    }
    case 'X':
        m_stack.push_back(makeString(readBytes(readUnsigned(4))));
        break;
    case 0x8c:
        m_stack.push_back(makeString(readBytes(readUnsigned(1))));
        break;
    case 0x8d:
        m_stack.push_back(makeString(readBytes(readUnsigned(8))));
        break;
    case 'J':
        m_stack.push_back(makeInt(int32_t(uint32_t(readUnsigned(4)))));
        break;
    case 'K':
        m_stack.push_back(makeInt(int64_t(readUnsigned(1))));
        break;
    case 'M':
        m_stack.push_back(makeInt(int64_t(readUnsigned(2))));
        break;
    case 0x8a: { // LONG1: little-endian two's complement of n bytes
        const size_t n = readUnsigned(1);
        if (n > 8)
            throw std::runtime_error("an integer in the pickle is too large");
        uint64_t v = n ? readUnsigned(n) : 0;
        if (n && n < 8 && (v >> (8 * n - 1)) & 1)
            v |= ~uint64_t(0) << (8 * n);
        m_stack.push_back(makeInt(int64_t(v)));
        break;
    }
    case 'G': { // BINFLOAT, big endian
        const uint8_t *bytes = take(8);
        uint64_t bits = 0;
        for (int i = 0; i < 8; ++i)
            bits = (bits << 8) | bytes[i];
        PyRef value = make(K::Float);
        std::memcpy(&value->real, &bits, 8);
        m_stack.push_back(value);
        break;
    }
    case 'N':
        m_stack.push_back(make(K::None));
        break;
    case 0x88:
    case 0x89: {
        PyRef value = make(K::Bool);
        value->integer = op == 0x88;
        m_stack.push_back(value);
        break;
    }
    case 'c': {
        std::string module = readLine();
        m_stack.push_back(pickle::global(module + '.' + readLine()));
        break;
    }
    case 0x93: { // STACK_GLOBAL
        const PyRef name = pop();
        const PyRef module = pop();
        if (name->kind != K::String || module->kind != K::String)
            throw std::runtime_error("the pickle names a global with something not a string");
        m_stack.push_back(pickle::global(module->text + '.' + name->text));
        break;
    }
    case 'q':
        m_memo[readUnsigned(1)] = top();
        break;
    case 'r':
        m_memo[readUnsigned(4)] = top();
        break;
    case 0x94:
        m_memo[m_memo.size()] = top();
        break; // MEMOIZE
    case 'h':
    case 'j': {
        const auto it = m_memo.find(readUnsigned(op == 'h' ? 1 : 4));
        if (it == m_memo.end())
            throw std::runtime_error("the pickle reads an unset memo entry");
        m_stack.push_back(it->second);
        break;
    }
    case 'Q':
        m_stack.push_back(persistentLoad(pop()));
        break;
    case 'R':
    case 0x81: { // REDUCE, NEWOBJ
        const PyRef args = pop();
        const PyRef callable = pop();
        m_stack.push_back(pickle::call(callable, args));
        break;
    }
    case 's': {
        const PyRef value = pop();
        const PyRef key = pop();
        setItem(*dictOnTop(), key, value);
        break;
    }
    case 'u': {
        const std::vector<PyRef> items = popToMark();
        PyRef &dict = dictOnTop();
        for (size_t i = 0; i + 1 < items.size(); i += 2)
            setItem(*dict, items[i], items[i + 1]);
        break;
    }
    case 'a': {
        const PyRef value = pop();
        appendItem(*listOnTop(), value);
        break;
    }
    case 'e': {
        const std::vector<PyRef> items = popToMark();
        PyRef &list = listOnTop();
        for (const PyRef &item : items)
            appendItem(*list, item);
        break;
    }
    case 'b': { // BUILD: a state dict's _metadata attribute, or a tensor's state: not needed
        pop();
        const K kind = top()->kind;
        if (kind != K::Dict && kind != K::Tensor)
            throw std::runtime_error("the pickle sets the state of something that is not a dict "
                                     "or a tensor");
        break;
    }
    case '0':
        pop();
        break;
    case '1':
        popToMark();
        break;
    case '2':
        m_stack.push_back(top());
        break;
    default:
        throw std::runtime_error("unsupported pickle opcode 0x" + c10::str(std::hex, int(op)) +
                                 " at byte " + std::to_string(m_pos - 1));
    }
}

PyRef Machine::run()
{
    if (m_program.size() > kMaxPickleBytes)
        throw std::runtime_error("the pickle is larger than " +
                                 std::to_string(kMaxPickleBytes >> 20) + " MB");
    for (size_t steps = 0; !m_result; ++steps) {
        if (steps == kMaxPickleSteps)
            throw std::runtime_error("the pickle runs more than " +
                                     std::to_string(kMaxPickleSteps) + " operations");
        step(*take(1));
    }
    return m_result;
}

} // namespace

PyRef unpickle(const std::string &program, const StorageLoader &loadStorage)
{
    Machine machine(program, loadStorage);
    return machine.run();
}

} // namespace masklab::trainer
