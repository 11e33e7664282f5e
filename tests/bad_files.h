/* Bad case files, each with the exact message kring gives, named
 * "t.json". Shared by the reader's tests and the import command's. */
#ifndef KRING_TEST_BAD_FILES_H
#define KRING_TEST_BAD_FILES_H

struct bad {
    char text[400];
    char message[400];
};

/* Each bad file with the exact message: file:line:col, path, rule. The
 * columns were checked with a separate scan of the text (see
 * docs/design.md), jansson's own by its rule: the column of the last
 * character it read. */
static struct bad bad_files[] = {
    {"{\"kring\": 2, \"case\": {\"code\": \"a\", \"name\": \"b\"}}",
     "t.json:1:11: kring: kring must be 1: this kring reads case files "
     "of version 1"},
    {"{\"case\": {\"code\": \"a\", \"name\": \"b\"}}",
     "t.json:1:1: this is not a kring case file: it has no key 'kring'"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\", "
     "\"name\": \"c\"}}",
     "t.json:1:54: duplicate object key near '\"name\"'"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"Zo\xe9\"}}",
     "t.json:1:46: unable to decode byte 0xe9 near '\"Zo'"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"},\n"
     "\"colour\": 1}",
     "t.json:2:1: colour: unknown key 'colour' (keys of your own must "
     "begin with 'x-')"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"},\n"
     "\"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": "
     "\"friend\",\n  \"ring\": 4}]}",
     "t.json:3:3: people[0].ring: ring must be 1, 2 or 3"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"},\n"
     "\"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": "
     "\"friend\", \"ring\": \"1\"}]}",
     "t.json:2:55: people[0].ring: ring must be 1, 2 or 3"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"},\n"
     "\"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": "
     "\"astronaut\", \"ring\": 1}]}",
     "t.json:2:37: people[0].role: role must be one of: parent, "
     "stepparent, foster_parent, sibling, grandparent, aunt_uncle, "
     "cousin, relative, friend, partner, classmate, teacher, "
     "school_staff, coach, neighbour, family_friend, faith_leader, "
     "youth_worker, professional, other"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"},\n"
     "\"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": "
     "\"friend\"}]}",
     "t.json:2:12: people[0]: a person has no 'ring', which is "
     "required"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"},\n"
     "\"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": "
     "\"friend\", \"ring\": 1, \"concern\": \"yes\"}]}",
     "t.json:2:66: people[0].concern: concern must be true or false"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"},\n"
     "\"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": "
     "\"friend\", \"ring\": 1, \"age\": 1e9}]}",
     "t.json:2:66: people[0].age: age must be a whole number from 0 to "
     "120"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"},\n"
     "\"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": "
     "\"friend\", \"ring\": 1},\n{\"id\": \"a\", \"name\": \"B\", "
     "\"role\": \"friend\", \"ring\": 1}]}",
     "t.json:3:2: people[1].id: id 'a' is already used by people[0]"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"},\n"
     "\"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": "
     "\"friend\", \"ring\": 1}],\n\"ties\": [{\"a\": \"a\", \"b\": "
     "\"x\"}]}",
     "t.json:3:21: ties[0].b: tie names 'x', who is not a person of the "
     "case"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"},\n"
     "\"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": "
     "\"friend\", \"ring\": 1}],\n\"ties\": [{\"a\": \"a\", \"b\": "
     "\"a\"}]}",
     "t.json:3:21: ties[0].b: a tie must join two different people, not "
     "'a' with themselves"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"},\n"
     "\"people\": [{\"id\": \"a\", \"name\": \"A\", \"role\": "
     "\"friend\", \"ring\": 1}, {\"id\": \"b\", \"name\": \"B\", "
     "\"role\": \"friend\", \"ring\": 1}],\n\"ties\": [{\"a\": \"a\", "
     "\"b\": \"b\"},\n{\"a\": \"b\", \"b\": \"a\"}]}",
     "t.json:4:1: ties[1]: 'b' and 'a' already have a tie (ties[0]); "
     "one tie per pair"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a b\", \"name\": \"b\"}}",
     "t.json:1:23: case.code: code 'a b' must be 1 to 32 letters, "
     "digits, '-', '_' or '.', starting with a letter or digit"},
    {"[1, 2]", "t.json:1:1: a case file must be a JSON object"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\"",
     "t.json:1:33: '}' expected near end of file"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"}, "
     "\"choices\": [{\"person\": \"nobody\", \"date\": \"2026-11-10\"}]}",
     "t.json:1:63: choices[0].person: person 'nobody' is not a person "
     "of the case"},
    {"{\"kring\": 1, \"case\": {\"code\": \"a\", \"name\": \"b\"}, "
     "\"snapshots\": [{\"label\": \"x\", \"taken\": \"yesterday\"}]}",
     "t.json:1:79: snapshots[0].taken: taken must be a UTC time such "
     "as 2026-11-02T10:00:00Z"},
};
#define BAD_FILES (sizeof bad_files / sizeof bad_files[0])

#endif
