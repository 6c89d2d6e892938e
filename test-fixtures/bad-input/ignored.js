// Listed in this folder's .gitignore: a folder scan leaves it out; naming it on the command line analyzes it.
module.exports = function ignoredButValid() {
  return 'ignored';
};
