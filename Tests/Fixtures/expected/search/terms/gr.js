handbookSearchLoaded("terms/gr",{"growth":[3,50]});
