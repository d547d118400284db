handbookSearchLoaded("terms/ri",{"right":[2,3,3,3]});
