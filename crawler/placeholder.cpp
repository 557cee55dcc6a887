namespace nianbao::crawler {}
