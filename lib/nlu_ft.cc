/*
 * nlu_ft — C shim over libfasttext; see nlu_ft.h. No exception crosses
 * into C: every call catches and answers NULL or -1.
 */
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fasttext/fasttext.h>

extern "C" {
#include "nlu.h"
#include "nlu_learn.h"
}
#include "nlu_ft.h"

struct nlu_ft {
	fasttext::FastText	 model;
};

extern "C" struct nlu_ft *
nlu_ft_open(const char *path)
{
	struct nlu_ft	*m = nullptr;

	try {
		m = new nlu_ft;
		m->model.loadModel(std::string(path));
		return m;
	} catch (...) {
		delete m;
		return nullptr;
	}
}

extern "C" int
nlu_ft_predict(const struct nlu_ft *m, const char *text,
    enum nlu_intent *out, double *p)
{
	static const std::string prefix = "__label__";

	try {
		std::vector<std::pair<fasttext::real, std::string>> pred;
		std::istringstream in(std::string(text) + "\n");
		std::string	 label;

		if (!m->model.predictLine(in, pred, 1, 0.0) || pred.empty())
			return -1;
		label = pred[0].second;
		if (label.compare(0, prefix.size(), prefix) == 0)
			label.erase(0, prefix.size());
		if (nlu_intent_parse(label.c_str(), out) == -1)
			return -1;
		*p = pred[0].first;
		return 0;
	} catch (...) {
		return -1;
	}
}

extern "C" void
nlu_ft_close(struct nlu_ft *m)
{
	delete m;
}

/* The model nlu_ft_use loaded, for the program's life. */
static struct nlu_ft	*in_use;

static int
classify_in_use(const char *text, enum nlu_intent *out, double *p)
{
	return nlu_ft_predict(in_use, text, out, p);
}

extern "C" int
nlu_ft_use(const char *path)
{
	struct nlu_ft	*m;

	if ((m = nlu_ft_open(path)) == nullptr)
		return -1;
	nlu_ft_close(in_use);
	in_use = m;
	nlu_learn_set(classify_in_use);
	return 0;
}
