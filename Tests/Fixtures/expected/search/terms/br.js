handbookSearchLoaded("terms/br",{"branching":[2,50]});
