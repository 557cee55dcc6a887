namespace nianbao::storage {}
